package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.WorkerNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker nodes of a queue ({@code X_nodes}): each node writes its own row with every
 * heartbeat (an upsert, so a node whose row was dropped as stale after a long pause comes back),
 * valid until its last heartbeat plus its own timeout, deletes it on a graceful stop, and drops
 * the rows of other nodes whose time passed. Readers never see a stale node, dropped or not.
 * Thread-safe.
 *
 * @since 0.2.0
 */
public final class NodeRegistry {

    private static final String UPSERT = """
            INSERT INTO %s (node_id, host, pid, started_at, job_types, type_ids, tenants, held_jobs, heartbeat_at,
                            expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE job_types = VALUES(job_types), type_ids = VALUES(type_ids), tenants = VALUES(tenants),
                                    held_jobs = VALUES(held_jobs), heartbeat_at = VALUES(heartbeat_at),
                                    expires_at = VALUES(expires_at)
            """;
    private static final String DELETE = """
            DELETE FROM %s
            WHERE node_id = ?
            """;
    private static final String DELETE_STALE = """
            DELETE FROM %s
            WHERE expires_at < ?
            """;
    private static final String SELECT_LIVE = """
            SELECT node_id, host, pid, started_at, job_types, type_ids, tenants, held_jobs, heartbeat_at
            FROM %s
            WHERE expires_at >= ?
            ORDER BY started_at, node_id
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String upsert;
    private final String delete;
    private final String deleteStale;
    private final String selectLive;

    /** Writes in transactions of its own: the queue's pool hands out connections with auto-commit off. */
    NodeRegistry(DataSource dataSource, TableName table, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.clock = clock;
        String nodes = table.base() + "_nodes";
        this.upsert = UPSERT.formatted(nodes);
        this.delete = DELETE.formatted(nodes);
        this.deleteStale = DELETE_STALE.formatted(nodes);
        this.selectLive = SELECT_LIVE.formatted(nodes);
    }

    /**
     * Writes this node's row as of now (registering it if it has none), listed until
     * {@code timeout} from now, then drops the rows of nodes whose time passed.
     *
     * @return how many stale nodes were dropped
     */
    public int heartbeat(WorkerNode node, Duration timeout) {
        Instant now = clock.instant();
        Integer dropped = transactions.execute(status -> {
            jdbc.update(upsert, node.id(), node.host(), node.pid(), Sql.utcMillis(node.startedAt()),
                    String.join(",", node.jobTypes()), join(node.typeIds()), join(node.tenants()), node.heldJobs(), Sql.utcMillis(now),
                    Sql.utcMillis(now.plus(timeout)));
            return jdbc.update(deleteStale, Sql.utcMillis(now));
        });
        return dropped == null ? 0 : dropped;
    }

    /** Deletes this node's row: it stopped gracefully. */
    public void remove(String nodeId) {
        transactions.executeWithoutResult(status -> jdbc.update(delete, nodeId));
    }

    /** The nodes whose last heartbeat is within their timeout, oldest start first. */
    public List<WorkerNode> live() {
        return transactions.execute(status -> jdbc.query(selectLive, NodeRegistry::node, Sql.utcMillis(clock.instant())));
    }

    private static WorkerNode node(ResultSet rs, int row) throws SQLException {
        List<Integer> typeIds = split(rs.getString("type_ids")).stream().map(Integer::valueOf).toList();
        List<Integer> tenants = split(rs.getString("tenants")).stream().map(Integer::valueOf).toList();
        return new WorkerNode(rs.getString("node_id"), rs.getString("host"), rs.getLong("pid"),
                Objects.requireNonNull(Sql.instant(rs, "started_at")), split(rs.getString("job_types")), typeIds,
                tenants,
                rs.getInt("held_jobs"), Objects.requireNonNull(Sql.instant(rs, "heartbeat_at")));
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static List<String> split(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }
}
