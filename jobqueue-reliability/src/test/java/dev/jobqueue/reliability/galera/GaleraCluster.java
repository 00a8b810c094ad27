package dev.jobqueue.reliability.galera;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three {@code mariadbd} processes forming a Galera cluster on loopback ports, each with a data
 * folder of its own under a temporary folder, owned by (and the server running as) the
 * {@code mysql} user, since rsync's state transfer run as root writes as {@code nobody}. The
 * first node bootstraps the cluster ({@code --wsrep-new-cluster}), the others join it by rsync
 * state transfer. Small servers (64 MB buffer pool, 32 MB gcache): the machine is shared.
 *
 * <p>Where a cluster cannot be started (no Galera library, no {@code mariadbd}, no {@code mysql}
 * user, not root), {@link #startIfPossible()} returns null and {@link #assumeStarted} skips each
 * test with the reason (an assumption in {@code @BeforeAll} would skip the class without a
 * word in the report). {@link #close()} stops every node, also after a failed test; a shutdown hook kills
 * what is left if the JVM ends first.
 */
final class GaleraCluster implements AutoCloseable {

    /** Debian's Galera 4 library; {@code -Dgalera.provider=...} for another place. */
    static final String PROVIDER = System.getProperty("galera.provider", "/usr/lib/galera/libgalera_smm.so");

    static final String MARIADBD = "/usr/sbin/mariadbd";
    static final String DATABASE = "galera";

    private static final Logger LOGGER = LoggerFactory.getLogger(GaleraCluster.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(3);

    private final Path root;
    private final List<Node> nodes = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    private GaleraCluster(Path root) {
        this.root = root;
    }

    /** A node's ports and process. */
    static final class Node {
        final int index;
        final int port;
        final int groupPort;
        final int istPort;
        final int sstPort;
        final Path folder;
        Process process;

        Node(int index, Path folder) throws IOException {
            this.index = index;
            this.folder = folder;
            this.port = freePort();
            this.groupPort = freePort();
            this.istPort = freePort();
            this.sstPort = freePort();
        }
    }

    /** Starts three nodes and waits until all are synced; null where no cluster can be started. */
    static GaleraCluster startIfPossible() throws Exception {
        return missingPrerequisite() == null ? start() : null;
    }

    /** Skips the calling test, with the reason, when {@code cluster} is null. */
    static void assumeStarted(GaleraCluster cluster) {
        Assumptions.assumeTrue(cluster != null, () -> "No Galera cluster on this machine: " + missingPrerequisite());
    }

    private static GaleraCluster start() throws Exception {
        Path root = Files.createTempDirectory("jobqueue-galera-");
        GaleraCluster cluster = new GaleraCluster(root);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::killAll));
        try {
            for (int i = 1; i <= 3; i++) {
                cluster.nodes.add(new Node(i, root.resolve("node" + i)));
            }
            for (Node node : cluster.nodes) {
                Files.createDirectories(node.folder.resolve("data"));
            }
            run(List.of("chown", "-R", "mysql:mysql", root.toString()));
            for (Node node : cluster.nodes) {
                cluster.install(node);
            }
            run(List.of("chown", "-R", "mysql:mysql", root.toString()));
            long started = System.nanoTime();
            cluster.startNode(cluster.nodes.get(0), true);
            cluster.startNode(cluster.nodes.get(1), false);
            cluster.startNode(cluster.nodes.get(2), false);
            cluster.execute(1, "CREATE DATABASE IF NOT EXISTS " + DATABASE);
            LOGGER.info(
                    "Galera cluster of 3 nodes synced in {} ms (ports {}, {}, {})",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    cluster.node(1).port,
                    cluster.node(2).port,
                    cluster.node(3).port);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** Why no cluster can be started here, or null when it can. */
    static String missingPrerequisite() {
        if (!Files.isReadable(Path.of(PROVIDER))) {
            return "the Galera library " + PROVIDER + " is missing (Debian: apt-get install galera-4 rsync)";
        }
        if (!Files.isExecutable(Path.of(MARIADBD))) {
            return MARIADBD + " is missing (Debian: apt-get install mariadb-server)";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/rsync"))) {
            return "rsync, the state transfer, is missing (apt-get install rsync)";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the servers must run as the mysql user, which needs this JVM to run as root (it runs as "
                    + System.getProperty("user.name") + ")";
        }
        try {
            if (run(List.of("id", "mysql")) != 0) {
                return "there is no mysql user";
            }
        } catch (IOException e) {
            return "id mysql failed: " + e.getMessage();
        }
        return null;
    }

    Node node(int index) {
        return nodes.get(index - 1);
    }

    String jdbcUrl(int index) {
        return "jdbc:mariadb://127.0.0.1:" + node(index).port + "/" + DATABASE;
    }

    /**
     * The URL with failover over the given nodes, as MariaDB Connector/J reads it: the first
     * host while it answers, another when a connection to it fails.
     */
    String failoverUrl(int... indexes) {
        StringBuilder hosts = new StringBuilder();
        for (int index : indexes) {
            hosts.append(hosts.isEmpty() ? "" : ",").append("127.0.0.1:").append(node(index).port);
        }
        return "jdbc:mariadb:sequential://" + hosts + "/" + DATABASE;
    }

    /** A pool on one node (closed with the cluster), connections at READ COMMITTED. */
    synchronized HikariDataSource dataSource(String url, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("root");
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource dataSource = new HikariDataSource(config);
        pools.add(dataSource);
        return dataSource;
    }

    HikariDataSource dataSource(int index, int maxConnections) {
        return dataSource(jdbcUrl(index), maxConnections);
    }

    void execute(int index, String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(jdbcUrl(index).replace("/" + DATABASE, "/"), "root", null);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    String status(int index, String variable) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:mariadb://127.0.0.1:" + node(index).port + "/", "root", null);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW STATUS LIKE '" + variable + "'")) {
            return rows.next() ? rows.getString(2) : null;
        }
    }

    /** SIGKILL, as a crash: no shutdown, no leave message to the group. */
    void kill(int index) throws InterruptedException {
        Process process = node(index).process;
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts a node that was stopped or killed again; it rejoins by state transfer. */
    void restart(int index) throws Exception {
        startNode(node(index), false);
    }

    private void install(Node node) throws IOException {
        Files.writeString(node.folder.resolve("my.cnf"), config(node));
        Path log = node.folder.resolve("install.log");
        int exit = run(
                List.of(
                        "mariadb-install-db",
                        "--defaults-file=" + node.folder.resolve("my.cnf"),
                        "--user=mysql",
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db"),
                log);
        if (exit != 0) {
            throw new IllegalStateException(
                    "mariadb-install-db failed for node " + node.index + ": " + Files.readString(log));
        }
    }

    private String config(Node node) {
        StringBuilder members = new StringBuilder();
        for (Node each : nodes) {
            members.append(members.isEmpty() ? "" : ",").append("127.0.0.1:").append(each.groupPort);
        }
        Path folder = node.folder;
        return """
                [mariadbd]
                user=mysql
                datadir=%1$s/data
                socket=%1$s/mariadbd.sock
                pid-file=%1$s/mariadbd.pid
                log-error=%1$s/error.log
                port=%2$d
                bind-address=127.0.0.1
                skip-name-resolve
                innodb_buffer_pool_size=64M
                innodb_log_file_size=16M
                performance_schema=OFF
                max_connections=200
                binlog_format=ROW
                default_storage_engine=InnoDB
                innodb_autoinc_lock_mode=2
                innodb_lock_wait_timeout=5
                wsrep_on=ON
                wsrep_provider=%3$s
                wsrep_cluster_name=jobqueue
                wsrep_cluster_address=gcomm://%4$s
                wsrep_node_address=127.0.0.1
                wsrep_node_name=node%5$d
                wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:%6$d;ist.recv_addr=127.0.0.1:%7$d;\
                gcache.size=32M;gcache.page_size=16M"
                wsrep_sst_method=rsync
                wsrep_sst_receive_address=127.0.0.1:%8$d
                wsrep_slave_threads=2
                """.formatted(
                        folder, node.port, PROVIDER, members, node.index, node.groupPort, node.istPort, node.sstPort);
    }

    private void startNode(Node node, boolean bootstrap) throws Exception {
        List<String> command = new ArrayList<>(List.of(MARIADBD, "--defaults-file=" + node.folder.resolve("my.cnf")));
        if (bootstrap) {
            command.add("--wsrep-new-cluster");
        }
        node.process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        node.folder.resolve("out.log").toFile()))
                .start();
        await("node " + node.index + " synced")
                .atMost(JOIN_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    if (!node.process.isAlive()) {
                        throw new AssertionError("node " + node.index + " exited: " + tail(node));
                    }
                    return "Synced".equals(status(node.index, "wsrep_local_state_comment"));
                });
    }

    private static String tail(Node node) {
        try {
            List<String> lines = Files.readAllLines(node.folder.resolve("error.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no error log: " + e.getMessage() + ")";
        }
    }

    private void killAll() {
        for (Node node : nodes) {
            if (node.process != null && node.process.isAlive()) {
                node.process.destroyForcibly();
            }
        }
    }

    /** Stops the nodes (SIGTERM, then SIGKILL after 30 s) and deletes their folders. */
    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        for (Node node : nodes) {
            if (node.process != null && node.process.isAlive()) {
                node.process.destroy();
            }
        }
        for (Node node : nodes) {
            try {
                if (node.process != null && !node.process.waitFor(30, TimeUnit.SECONDS)) {
                    node.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node.process.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOGGER.warn("Could not delete {}: {}", root, e.getMessage());
        }
    }

    private static int run(List<String> command) throws IOException {
        return run(command, Path.of("/dev/null"));
    }

    private static int run(List<String> command, Path log) throws IOException {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start()
                    .waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted: " + command));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
