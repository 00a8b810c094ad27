package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.HeldJob;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.WorkerNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
            INSERT INTO %s (node_id, host, pid, started_at, job_types, type_ids, tenants, held_jobs, held_job_ids,
                            heartbeat_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE job_types = VALUES(job_types), type_ids = VALUES(type_ids),
                                    tenants = VALUES(tenants), held_jobs = VALUES(held_jobs),
                                    held_job_ids = VALUES(held_job_ids), heartbeat_at = VALUES(heartbeat_at),
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
            SELECT node_id, host, pid, started_at, job_types, type_ids, tenants, held_jobs, held_job_ids, heartbeat_at
            FROM %s
            WHERE expires_at >= ?
            ORDER BY started_at, node_id
            """;
    // Only rows still processing: a job the node finished since its heartbeat is no longer held.
    private static final String SELECT_HELD = """
            SELECT id, job_type, tenant, lease_expires_at
            FROM %s
            WHERE id IN (%%s)
              AND state = %d
              AND lease_expires_at IS NOT NULL
            """;
    private static final int HELD_IDS_PER_READ = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String upsert;
    private final String delete;
    private final String deleteStale;
    private final String selectLive;
    private final String selectHeld;

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
        this.selectHeld = SELECT_HELD.formatted(table.jobs(), JobState.PROCESSING.code());
    }

    /**
     * Writes this node's row as of now (registering it if it has none), listed until
     * {@code timeout} from now, then drops the rows of nodes whose time passed.
     *
     * @return how many stale nodes were dropped
     */
    public int heartbeat(WorkerNode node, Duration timeout) {
        return heartbeat(node, node.held().stream().map(HeldJob::id).toList(), timeout);
    }

    /**
     * As {@link #heartbeat(WorkerNode, Duration)}, with the ids of the jobs the node holds now
     * (running, or claimed and waiting for a thread): {@link #live()} lists them with their leases.
     */
    public int heartbeat(WorkerNode node, List<JobId> held, Duration timeout) {
        Instant now = clock.instant();
        String heldIds = String.join(",", held.stream().map(JobId::value).toList());
        Integer dropped = transactions.execute(status -> {
            jdbc.update(
                    upsert,
                    node.id(),
                    node.host(),
                    node.pid(),
                    Sql.utcMillis(node.startedAt()),
                    String.join(",", node.jobTypes()),
                    join(node.typeIds()),
                    join(node.tenants()),
                    node.heldJobs(),
                    heldIds,
                    Sql.utcMillis(now),
                    Sql.utcMillis(now.plus(timeout)));
            return jdbc.update(deleteStale, Sql.utcMillis(now));
        });
        return dropped == null ? 0 : dropped;
    }

    /** Deletes this node's row: it stopped gracefully. */
    public void remove(String nodeId) {
        transactions.executeWithoutResult(status -> jdbc.update(delete, nodeId));
    }

    /**
     * The nodes whose last heartbeat is within their timeout, oldest start first, each with the
     * jobs it held at that heartbeat that are still processing, with their leases as their rows
     * have them now.
     */
    public List<WorkerNode> live() {
        return transactions.execute(status -> {
            List<StoredNode> nodes = jdbc.query(selectLive, NodeRegistry::node, Sql.utcMillis(clock.instant()));
            return nodes.stream().map(this::withLeases).toList();
        });
    }

    /** A node's row: the node, and the ids of the jobs it held at its heartbeat. */
    private record StoredNode(WorkerNode node, List<JobId> heldIds) {}

    /** The node with its held jobs as their rows have them: ids of finished or lost jobs drop out. */
    private WorkerNode withLeases(StoredNode stored) {
        WorkerNode node = stored.node();
        List<JobId> ids = stored.heldIds();
        if (ids.isEmpty()) {
            return node;
        }
        List<HeldJob> held = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += HELD_IDS_PER_READ) {
            List<JobId> chunk = ids.subList(from, Math.min(ids.size(), from + HELD_IDS_PER_READ));
            held.addAll(jdbc.query(
                    selectHeld.formatted(Sql.repeat("?", chunk.size())),
                    (rs, row) -> new HeldJob(
                            JobId.parse(rs.getString("id")),
                            JobType.of(rs.getInt("job_type")),
                            Tenant.of(rs.getInt("tenant")),
                            Objects.requireNonNull(Sql.instant(rs, "lease_expires_at"))),
                    chunk.stream().map(JobId::value).toArray()));
        }
        held.sort(Comparator.comparing(HeldJob::leaseExpiresAt).thenComparing(HeldJob::id));
        return new WorkerNode(
                node.id(),
                node.host(),
                node.pid(),
                node.startedAt(),
                node.jobTypes(),
                node.typeIds(),
                node.tenants(),
                node.heldJobs(),
                node.lastHeartbeat(),
                held);
    }

    private static StoredNode node(ResultSet rs, int row) throws SQLException {
        List<Integer> typeIds =
                split(rs.getString("type_ids")).stream().map(Integer::valueOf).toList();
        List<Integer> tenants =
                split(rs.getString("tenants")).stream().map(Integer::valueOf).toList();
        String heldIds = rs.getString("held_job_ids");
        List<JobId> held =
                split(heldIds == null ? "" : heldIds).stream().map(JobId::parse).toList();
        return new StoredNode(
                new WorkerNode(
                        rs.getString("node_id"),
                        rs.getString("host"),
                        rs.getLong("pid"),
                        Objects.requireNonNull(Sql.instant(rs, "started_at")),
                        split(rs.getString("job_types")),
                        typeIds,
                        tenants,
                        rs.getInt("held_jobs"),
                        Objects.requireNonNull(Sql.instant(rs, "heartbeat_at"))),
                held);
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static List<String> split(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }
}
