package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UnservedQueue;
import dev.jobqueue.domain.WorkerNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds the due jobs that no live node serves: scheduled, in a sub-state a claim takes, due now,
 * of a (type, tenant) that no node in the registry (heartbeat within its timeout) serves.
 *
 * <p>One read of {@code claim_index} (job_type, state, tenant, id): the condition excludes the
 * served types, and for each served type its served tenants, so the ranges read are those of the
 * unserved queues only and a healthy queue reads next to nothing however long its backlog. At most
 * {@link #CAP} jobs are counted.
 */
final class UnservedJobs {

    /** The most jobs one look counts, over all unserved queues. */
    static final int CAP = 10_000;

    private static final String SELECT = """
            SELECT job_type, tenant, COUNT(*) AS due_jobs, MIN(process_at) AS oldest_due
            FROM (SELECT job_type, tenant, process_at
                  FROM %s FORCE INDEX (claim_index)
                  WHERE state = %d
                    AND sub_state IN (%s)
                    AND process_at <= ?
                    %%s
                  LIMIT %d) due
            GROUP BY job_type, tenant
            ORDER BY job_type, tenant
            """;

    private final JdbcTemplate jdbc;
    private final NodeRegistry nodes;
    private final Clock clock;
    private final String select;

    UnservedJobs(
            JdbcTemplate jdbc,
            TableName table,
            Collection<Integer> claimableSubStates,
            NodeRegistry nodes,
            Clock clock) {
        this.jdbc = jdbc;
        this.nodes = nodes;
        this.clock = clock;
        this.select = SELECT.formatted(table.jobs(), JobState.SCHEDULED.code(), Sql.codes(claimableSubStates), CAP);
    }

    /** The unserved queues as of now, by type and tenant. */
    List<UnservedQueue> find() {
        Map<Integer, Set<Integer>> served = served(nodes.live());
        List<Object> args = new ArrayList<>();
        args.add(Sql.utc(clock.instant()));
        String sql = select.formatted(excluding(served, args));
        return jdbc.query(
                sql,
                (rs, row) -> new UnservedQueue(
                        JobType.of(rs.getInt("job_type")),
                        Tenant.of(rs.getInt("tenant")),
                        rs.getLong("due_jobs"),
                        Objects.requireNonNull(Sql.instant(rs, "oldest_due"))),
                args.toArray());
    }

    /** The tenants each type is served for, over every live node. */
    static Map<Integer, Set<Integer>> served(List<WorkerNode> live) {
        Map<Integer, Set<Integer>> served = new TreeMap<>();
        for (WorkerNode node : live) {
            if (node.tenants().isEmpty()) {
                continue;
            }
            for (Integer type : node.typeIds()) {
                served.computeIfAbsent(type, t -> new TreeSet<>()).addAll(node.tenants());
            }
        }
        return served;
    }

    /** "AND (the type is not served, or it is but not for the row's tenant)"; empty when nothing is served. */
    private static String excluding(Map<Integer, Set<Integer>> served, List<Object> args) {
        if (served.isEmpty()) {
            return "";
        }
        StringBuilder sql = new StringBuilder("AND (job_type NOT IN (")
                .append(Sql.repeat("?", served.size()))
                .append(")");
        args.addAll(served.keySet());
        served.forEach((type, tenants) -> {
            sql.append(" OR (job_type = ? AND tenant NOT IN (")
                    .append(Sql.repeat("?", tenants.size()))
                    .append("))");
            args.add(type);
            args.addAll(tenants);
        });
        return sql.append(")").toString();
    }
}
