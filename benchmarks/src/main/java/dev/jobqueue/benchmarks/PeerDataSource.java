package dev.jobqueue.benchmarks;

import com.zaxxer.hikari.HikariDataSource;

/** The connection pool a peer gets: Hikari at its defaults (10 connections), as a Spring Boot application has. */
final class PeerDataSource {

    private PeerDataSource() {}

    static HikariDataSource create(String name, BenchDatabase db) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName(name);
        dataSource.setJdbcUrl(db.url());
        dataSource.setUsername(db.user());
        dataSource.setPassword(db.password());
        return dataSource;
    }
}
