package dev.jobqueue.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server is reachable on the loopback address only, and only with its password. */
class EmbeddedMariaDbSecurityIntegrationTests {

    private static EmbeddedMariaDb server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedMariaDb.start(null, null);
        server.createDatabase("secured");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void refusesConnectionsToANonLoopbackAddressOfTheMachine() throws SocketException {
        Optional<InetAddress> address = nonLoopbackAddress();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 or IPv6 address to connect from");
        // Not even the TCP handshake: the server listens on 127.0.0.1 only.
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.get(), server.port()), 2_000);
            }
        });
        String host = address.get() instanceof Inet4Address
                ? address.get().getHostAddress()
                : "[" + address.get().getHostAddress() + "]";
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(
                                "jdbc:mariadb://" + host + ":" + server.port() + "/secured?connectTimeout=2000",
                                "root",
                                server.password())
                        .close());
    }

    @Test
    void refusesALoopbackConnectionWithoutThePassword() {
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("secured"), "root", "")
                        .close())
                .withMessageContaining("Access denied");
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("secured"), "anyone", "anything")
                        .close())
                .withMessageContaining("Access denied");
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(
                        () -> DriverManager.getConnection(server.jdbcUrl("secured"), "root", server.password() + "x")
                                .close())
                .withMessageContaining("Access denied");
    }

    @Test
    void acceptsALoopbackConnectionWithThePassword() throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(server.jdbcUrl("secured"), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS probe (id INT PRIMARY KEY)");
            try (ResultSet rs = statement.executeQuery("SELECT DATABASE(), @@bind_address, @@skip_grant_tables")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("secured");
                assertThat(rs.getString(2)).isEqualTo("127.0.0.1");
                assertThat(rs.getInt(3)).isZero();
            }
        }
    }

    @Test
    void keepsThePasswordOfAKeptDataFolderInAFileOnlyItsOwnerCanRead(@TempDir Path folder)
            throws IOException, SQLException {
        Path data = folder.resolve("data");
        String password;
        try (EmbeddedMariaDb first = EmbeddedMariaDb.start(folder, data)) {
            password = first.password();
        }
        Path file = data.resolve("jobqueue-embedded.password");
        assertThat(Files.readString(file).strip()).isEqualTo(password);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (EmbeddedMariaDb second = EmbeddedMariaDb.start(folder, data)) {
            assertThat(second.password()).isEqualTo(password);
            DriverManager.getConnection(second.jdbcUrl(""), "root", password).close();
        }
    }

    @Test
    void securesADataFolderThatAnOlderVersionRanWithoutAuthentication(@TempDir Path folder)
            throws IOException, SQLException {
        Path data = folder.resolve("data");
        try (EmbeddedMariaDb first = EmbeddedMariaDb.start(folder, data)) {
            first.createDatabase("old");
            try (Connection connection = DriverManager.getConnection(first.jdbcUrl("old"), "root", first.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
                statement.execute("INSERT INTO kept VALUES (7)");
                // What the installer of the older version left: root without a password.
                statement.execute("ALTER USER 'root'@'localhost' IDENTIFIED BY ''");
                statement.execute("ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY ''");
            }
        }
        Files.delete(data.resolve("jobqueue-embedded.password"));
        try (EmbeddedMariaDb second = EmbeddedMariaDb.start(folder, data)) {
            assertThat(second.password()).isNotBlank();
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> DriverManager.getConnection(second.jdbcUrl("old"), "root", "")
                            .close());
            try (Connection connection = DriverManager.getConnection(second.jdbcUrl("old"), "root", second.password());
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT id FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            List<InetAddress> addresses = Collections.list(nic.getInetAddresses());
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
