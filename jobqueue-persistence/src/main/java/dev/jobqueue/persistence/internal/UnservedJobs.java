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
 * <p>Two reads of {@code claim_index} (job_type, state, tenant, id), neither of which touches a
 * healthy queue's rows: a loose index scan for the job types present, then one range per
 * unserved queue, each bounded on all three leading columns ({@code job_type = ? AND state = 1}
 * and, for a type served for some tenants, {@code tenant NOT IN (...)}, which the range optimizer
 * turns into the ranges between the served tenants). So a look costs a few index seeks however
 * many jobs the table holds, and at most {@link #CAP} jobs are counted.
 */
final class UnservedJobs {

    /** The most jobs one look counts, over all unserved queues. */
    static final int CAP = 10_000;

    private static final String TYPES = "SELECT DISTINCT job_type FROM %s";

    private static final String SELECT = """
            SELECT job_type, tenant, COUNT(*) AS due_jobs, MIN(process_at) AS oldest_due
            FROM (SELECT job_type, tenant, process_at
                  FROM %s FORCE INDEX (claim_index)
                  WHERE (%%s)
                    AND sub_state IN (%s)
                    AND process_at <= ?
                  LIMIT %d) due
            GROUP BY job_type, tenant
            ORDER BY job_type, tenant
            """;

    private final JdbcTemplate jdbc;
    private final NodeRegistry nodes;
    private final Clock clock;
    private final String types;
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
        this.types = TYPES.formatted(table.jobs());
        this.select = SELECT.formatted(table.jobs(), Sql.codes(claimableSubStates), CAP);
    }

    /** The unserved queues as of now, by type and tenant. */
    List<UnservedQueue> find() {
        Map<Integer, Set<Integer>> served = served(nodes.live());
        List<Object> args = new ArrayList<>();
        String unserved = unservedRanges(jdbc.queryForList(types, Integer.class), served, args);
        if (unserved.isEmpty()) {
            return List.of();
        }
        args.add(Sql.utc(clock.instant()));
        return jdbc.query(
                select.formatted(unserved),
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

    /**
     * One range of scheduled jobs per type present, joined with OR: all its tenants when no node
     * serves the type, else the tenants between and beside the served ones; empty for an empty table.
     */
    private static String unservedRanges(List<Integer> present, Map<Integer, Set<Integer>> served, List<Object> args) {
        List<String> ranges = new ArrayList<>();
        for (Integer type : present) {
            Set<Integer> tenants = served.get(type);
            if (tenants == null) {
                ranges.add("(job_type = ? AND state = " + JobState.SCHEDULED.code() + ")");
                args.add(type);
            } else {
                ranges.add("(job_type = ? AND state = " + JobState.SCHEDULED.code() + " AND tenant NOT IN ("
                        + Sql.repeat("?", tenants.size()) + "))");
                args.add(type);
                args.addAll(tenants);
            }
        }
        return String.join(" OR ", ranges);
    }
}
