package dev.jobqueue.test;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/** A MySQL 8.4 container, started once per JVM when Docker is available. */
final class ContainerServer implements DatabaseServer {

    private final MySQLContainer container;

    private ContainerServer(MySQLContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        // Asking Testcontainers without an engine logs a long error; look for one first.
        if (System.getenv("DOCKER_HOST") == null
                && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    static ContainerServer start() {
        MySQLContainer container =
                new MySQLContainer("mysql:8.4").withUsername("root").withPassword("test");
        container.start();
        return new ContainerServer(container);
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + container.getHost() + ":" + container.getMappedPort(3306) + "/" + database;
    }

    @Override
    public String user() {
        return "root";
    }

    @Override
    public String password() {
        return "test";
    }

    @Override
    public String description() {
        return "Testcontainers MySQL 8.4";
    }
}
