package dev.jobqueue.test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A schema of one test class on the {@link TestDatabase} server. Closing it closes its
 * connection pools and drops the schema.
 *
 * @since 0.1.0
 */
public final class TestSchema implements AutoCloseable {

    private final String name;
    private final DatabaseServer server;
    private final List<HikariDataSource> pools = new ArrayList<>();

    TestSchema(String name, DatabaseServer server) {
        this.name = name;
        this.server = server;
    }

    /** Name of the schema (database). */
    public String name() {
        return name;
    }

    /** JDBC URL of this schema with the extra properties. */
    public String jdbcUrl(String... extraProperties) {
        return TestDatabase.jdbcUrl(name, extraProperties);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** The shared pool of this schema (created on first use, 16 connections). */
    public synchronized DataSource dataSource() {
        return pools.isEmpty() ? newDataSource(16) : pools.get(0);
    }

    /**
     * A new, independent pool on this schema: two pools behave as two processes would.
     */
    public synchronized HikariDataSource newDataSource(int maxConnections, String... extraProperties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(extraProperties));
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(maxConnections);
        config.setPoolName("test-" + name + "-" + pools.size());
        HikariDataSource dataSource = new HikariDataSource(config);
        pools.add(dataSource);
        return dataSource;
    }

    /** What server this schema lives on. */
    public String serverDescription() {
        return server.description();
    }

    @Override
    public synchronized void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        TestDatabase.execute("DROP DATABASE IF EXISTS `" + name + "`");
    }
}
