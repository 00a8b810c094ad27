package dev.jobqueue.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The other process of the deterministic deadlock in {@link CrossProcessLockContentionIntegrationTests}:
 * one raw JDBC transaction that first updates every row of {@code ballast} (so it is the heavier
 * one and InnoDB rolls back the other side), locks the second job's row and prints
 * {@code holding <trx_id>}; after a line on standard input it locks the first job's row, prints
 * {@code took} (or {@code failed <error code>} and exits with 2), commits and prints
 * {@code committed}.
 *
 * <p>Arguments: JDBC URL, user, password, jobs table, first job id, second job id.
 */
public final class LockHoldingProcess {

    private LockHoldingProcess() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE ballast SET n = n + 1");
            }
            lock(connection, args[3], args[5]);
            System.out.println("holding " + ownTransactionId(connection));
            in.readLine();
            try {
                lock(connection, args[3], args[4]);
            } catch (SQLException e) {
                System.out.println("failed " + e.getErrorCode() + " " + e.getMessage());
                System.exit(2);
            }
            System.out.println("took");
            connection.commit();
            System.out.println("committed");
        }
    }

    /**
     * This connection's transaction as InnoDB's information_schema shows it. That view is a cache
     * refreshed only when nobody read it for 100 ms, so a fresh connection may not be in it yet.
     */
    private static String ownTransactionId(Connection connection) throws SQLException, InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            Thread.sleep(150);
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT trx_id FROM information_schema.INNODB_TRX"
                            + " WHERE trx_mysql_thread_id = CONNECTION_ID()")) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        throw new IllegalStateException("InnoDB never showed this connection's transaction");
    }

    private static void lock(Connection connection, String table, String id) throws SQLException {
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT version FROM " + table + " WHERE id = ? FOR UPDATE")) {
            lock.setString(1, id);
            lock.executeQuery().close();
        }
    }
}
