package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the job tables and the {@code executions} audit after a run and checks what the
 * queue promises: nothing half-written, nothing left processing, every retry group ends in
 * exactly one final row with only "continued" rows (32, 41, 44) besides it, its last attempt
 * number is one more than its retries (a reschedule keeps the attempt), one handler start per row
 * (a row lost with its worker may have none), and a job runs again after a lost lease only
 * once that lease had expired.
 */
final class InvariantChecker {

    /** Sub-states that end a retry group. */
    static final Set<Integer> FINAL = Set.of(30, 31, 42, 43, 45);
    /** Sub-states of a row whose group continues in a later row. */
    static final Set<Integer> CONTINUED = Set.of(32, 41, 44);

    private static final String SELECT_ROWS = """
            SELECT j.id, j.state, j.sub_state, d.retry_group, d.attempt
            FROM jobs j
            JOIN jobs_data d ON d.id = j.id AND d.part = j.part
            """;
    private static final String SELECT_EXECUTIONS = """
            SELECT job_id, worker, started_at
            FROM executions
            ORDER BY seq
            """;
    private static final String COUNT_JOBS_WITHOUT_DATA = """
            SELECT COUNT(*) FROM jobs j
            WHERE NOT EXISTS (SELECT 1 FROM jobs_data d WHERE d.id = j.id AND d.part = j.part)
            """;
    private static final String COUNT_DATA_WITHOUT_JOB = """
            SELECT COUNT(*) FROM jobs_data d
            WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = d.id AND j.part = d.part)
            """;

    private static final String COUNT_UNFINISHED = """
            SELECT COUNT(*) FROM jobs WHERE state IN (1, 2)
            """;

    /** Time a claimed job may wait for a handler thread before its run is audited. */
    private static final Duration START_TOLERANCE = Duration.ofMillis(500);

    private final JdbcTemplate jdbc;
    private final Duration lease;

    InvariantChecker(DataSource dataSource, Duration lease) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.lease = lease;
    }

    record Row(String id, int state, int subState, String retryGroup, int attempt) {
    }

    record Run(String worker, LocalDateTime startedAt) {
    }

    /** What a run left behind, and every broken invariant found. */
    record Report(int rows, int groups, int runs, Map<Integer, Integer> groupsByFinalSubState, int leaseLosses,
            int reRunsAfterLeaseExpiry, long shortestReRunGapMillis, int duplicateRuns, int endedWithoutRunning,
            List<String> violations) {

        void assertHolds() {
            assertThat(violations).as("broken invariants (first 20)").isEmpty();
        }

        String figures() {
            return "rows " + rows + ", retry groups " + groups + ", handler runs " + runs + ", groups by final sub_state "
                    + groupsByFinalSubState + ", leases lost (41) " + leaseLosses + ", re-runs after lease expiry "
                    + reRunsAfterLeaseExpiry + " (shortest gap from the first start " + shortestReRunGapMillis
                    + " ms), rows run twice " + duplicateRuns + ", jobs that ended in 43 without running "
                    + endedWithoutRunning + ", violations " + violations.size();
        }
    }

    Report check() {
        List<String> violations = new ArrayList<>();
        integrity(violations);
        List<Row> rows = jdbc.query(SELECT_ROWS, (rs, i) -> new Row(rs.getString(1), rs.getInt(2), rs.getInt(3),
                rs.getString(4), rs.getInt(5)));
        Map<String, List<Run>> runs = runsByJob();
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(row.retryGroup(), g -> new ArrayList<>()).add(row));
        Tally tally = new Tally();
        groups.forEach((group, members) -> checkGroup(group, members, runs, tally, violations));
        int runCount = runs.values().stream().mapToInt(List::size).sum();
        return new Report(rows.size(), groups.size(), runCount, tally.byFinal, tally.leaseLosses, tally.reRuns,
                tally.reRuns == 0 ? -1 : tally.shortestGap, tally.duplicates, tally.endedUnrun,
                violations.subList(0, Math.min(20, violations.size())));
    }

    private void integrity(List<String> violations) {
        long unfinished = jdbc.queryForObject(COUNT_UNFINISHED, Long.class);
        if (unfinished > 0) {
            violations.add(unfinished + " rows are still scheduled (state 1) or processing (state 2)");
        }
        long jobsWithoutData = jdbc.queryForObject(COUNT_JOBS_WITHOUT_DATA, Long.class);
        long dataWithoutJob = jdbc.queryForObject(COUNT_DATA_WITHOUT_JOB, Long.class);
        if (jobsWithoutData + dataWithoutJob > 0) {
            violations.add("half-written jobs: " + jobsWithoutData + " jobs rows without data, " + dataWithoutJob
                    + " data rows without a jobs row");
        }
    }

    private Map<String, List<Run>> runsByJob() {
        Map<String, List<Run>> runs = new TreeMap<>();
        jdbc.query(SELECT_EXECUTIONS, rs -> {
            Timestamp started = rs.getTimestamp(3);
            runs.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                    .add(new Run(rs.getString(2), started.toLocalDateTime()));
        });
        return runs;
    }

    private void checkGroup(String group, List<Row> members, Map<String, List<Run>> runs, Tally tally,
            List<String> violations) {
        // A retry (44, 41) starts the next attempt; a reschedule (32) continues the same one.
        members.sort(Comparator.comparingInt(Row::attempt).thenComparing(row -> firstStart(runs, row)));
        List<Row> finals = members.stream().filter(row -> FINAL.contains(row.subState())).toList();
        List<Row> others = members.stream().filter(row -> !FINAL.contains(row.subState())).toList();
        if (finals.size() != 1 || !others.stream().allMatch(row -> CONTINUED.contains(row.subState()))) {
            violations.add("group " + group + " does not end in exactly one final row after continued ones: "
                    + members);
            return;
        }
        long retries = members.stream().filter(row -> row.subState() == 41 || row.subState() == 44).count();
        int lastAttempt = members.get(members.size() - 1).attempt();
        if (members.get(0).attempt() != 1 || lastAttempt != retries + 1) {
            violations.add("group " + group + ": attempts do not match its " + retries + " retries: " + members);
        }
        for (Row row : members) {
            checkRuns(group, row, runs.getOrDefault(row.id(), List.of()), tally, violations);
            if (row.subState() == 41) {
                tally.leaseLosses++;
                members.stream().filter(next -> next.attempt() == row.attempt() + 1).findFirst()
                        .ifPresent(next -> checkReRun(group, runs.get(row.id()), runs.get(next.id()), tally,
                                violations));
            }
        }
        tally.byFinal.merge(finals.get(0).subState(), 1, Integer::sum);
    }

    private static LocalDateTime firstStart(Map<String, List<Run>> runs, Row row) {
        List<Run> rowRuns = runs.get(row.id());
        return rowRuns == null || rowRuns.isEmpty() ? LocalDateTime.MIN : rowRuns.get(0).startedAt();
    }

    private void checkRuns(String group, Row row, List<Run> rowRuns, Tally tally, List<String> violations) {
        // A row lost with its worker may have been claimed but not started yet: no run, or one.
        // With no execution left such a row ends in 43 instead of 41: counted, not a violation.
        int least = row.subState() == 41 || row.subState() == 43 ? 0 : 1;
        if (rowRuns.size() > 1) {
            tally.duplicates++;
        }
        if (row.subState() == 43 && rowRuns.isEmpty()) {
            tally.endedUnrun++;
        }
        if (rowRuns.size() < least || rowRuns.size() > 1) {
            violations.add("group " + group + ": row " + row.id() + " in " + row.subState() + " was started "
                    + rowRuns.size() + " times: " + rowRuns);
        }
    }

    private void checkReRun(String group, List<Run> lost, List<Run> next, Tally tally, List<String> violations) {
        if (lost == null || lost.isEmpty() || next == null || next.isEmpty()) {
            return;
        }
        tally.reRuns++;
        long gap = Duration.between(lost.get(0).startedAt(), next.get(0).startedAt()).toMillis();
        tally.shortestGap = Math.min(tally.shortestGap, gap);
        if (gap < lease.minus(START_TOLERANCE).toMillis()) {
            violations.add("group " + group + ": run " + next.get(0) + " started " + gap + " ms after the lost run "
                    + lost.get(0) + ", before its lease of " + lease.toMillis() + " ms could expire");
        }
    }

    private static final class Tally {
        final Map<Integer, Integer> byFinal = new TreeMap<>();
        int leaseLosses;
        int reRuns;
        int duplicates;
        int endedUnrun;
        long shortestGap = Long.MAX_VALUE;
    }
}
