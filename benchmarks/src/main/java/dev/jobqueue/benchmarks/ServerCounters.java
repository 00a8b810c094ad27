package dev.jobqueue.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A reading of the server's global statement counters, and how many probe statements the
 * benchmark itself had sent when it was taken, so that deltas count only the system under test.
 */
record ServerCounters(Map<String, Long> values, long probeStatements, long probeSelects, long nanoTime) {

    static final List<String> NAMES = List.of(
            "Questions",
            "Com_select",
            "Com_insert",
            "Com_update",
            "Com_delete",
            "Com_commit",
            "Com_rollback",
            "Com_begin",
            "Com_set_option",
            "Innodb_data_fsyncs",
            "Handler_read_key",
            "Handler_read_next",
            "Handler_read_prev",
            "Handler_read_rnd_next",
            "Com_stmt_prepare",
            "Handler_commit");

    static String quotedNames() {
        return NAMES.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
    }

    /** What happened between {@code before} and this reading, less the probe statements in between. */
    Delta since(ServerCounters before) {
        long probes = probeStatements - before.probeStatements;
        return new Delta(
                get("Questions") - before.get("Questions") - probes,
                get("Com_select") - before.get("Com_select") - (probeSelects - before.probeSelects),
                get("Com_insert") - before.get("Com_insert"),
                get("Com_update") - before.get("Com_update"),
                get("Com_commit") - before.get("Com_commit"),
                get("Com_rollback") - before.get("Com_rollback"),
                get("Com_set_option") - before.get("Com_set_option"),
                get("Innodb_data_fsyncs") - before.get("Innodb_data_fsyncs"),
                rowReads() - before.rowReads(),
                get("Com_stmt_prepare") - before.get("Com_stmt_prepare"),
                get("Handler_commit") - before.get("Handler_commit"),
                (nanoTime - before.nanoTime) / 1e9);
    }

    /** Rows the storage engines returned: index look-ups, index walks and table scans. */
    private long rowReads() {
        return get("Handler_read_key")
                + get("Handler_read_next")
                + get("Handler_read_prev")
                + get("Handler_read_rnd_next");
    }

    private long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    /**
     * Statements between two readings, the benchmark's own probes taken off ({@code handlerCommits},
     * the engine's commits with those of auto-commit statements, includes the probes' few).
     */
    record Delta(
            long questions,
            long selects,
            long inserts,
            long updates,
            long commits,
            long rollbacks,
            long sets,
            long fsyncs,
            long rowsRead,
            long prepares,
            long handlerCommits,
            double seconds) {

        double perJob(long value, long jobs) {
            return jobs == 0 ? Double.NaN : (double) value / jobs;
        }

        /** A one-line breakdown per job, such as {@code 0.31 stmt/job (select 0.08, update 0.10, ...)}. */
        String describePerJob(long jobs) {
            return String.format(
                    java.util.Locale.ROOT,
                    "%.3f stmt/job (select %.3f, insert %.3f, update %.3f,"
                            + " commit %.3f, set %.3f, other %.3f; server prepares %.3f, fsyncs %.3f, handler reads %.1f)",
                    perJob(questions, jobs),
                    perJob(selects, jobs),
                    perJob(inserts, jobs),
                    perJob(updates, jobs),
                    perJob(commits, jobs),
                    perJob(sets, jobs),
                    perJob(questions - selects - inserts - updates - commits - sets, jobs),
                    perJob(prepares, jobs),
                    perJob(fsyncs, jobs),
                    perJob(rowsRead, jobs));
        }

        double questionsPerSecond() {
            return questions / seconds;
        }
    }
}
