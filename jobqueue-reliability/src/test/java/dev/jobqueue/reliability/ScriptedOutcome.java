package dev.jobqueue.reliability;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outcomes a run may have ended its row in, given what its {@link Script} told the handler:
 * the handler's own outcome, or a lost lease (41, or 43 with no execution left), which any run
 * may suffer when its worker dies or hangs.
 */
final class ScriptedOutcome {

    /**
     * A reschedule goes by the worker's clock, read after the start was recorded (one insert,
     * which a loaded machine may stretch): a run that started that long before the script's
     * deadline must have rescheduled; one that started at or after it must have completed.
     */
    private static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(5);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ScriptedOutcome() {}

    static @Nullable Script scriptOf(AuditedRow row) {
        if (row.properties() == null) {
            return null;
        }
        try {
            return JSON.readValue(row.properties(), Script.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A violation, or null when the row's sub-state is one the script allows for this run. */
    static @Nullable String check(AuditedRow row, AuditedRow.Run run) {
        Script script = scriptOf(row);
        if (script == null) {
            return "row " + row + " holds no script the handler could follow: " + row.properties();
        }
        if (script.hold().equals("cancel")) {
            return "row " + row + " ran (" + run + ") although the test held and cancelled its job";
        }
        int lost = row.pendingExecution() > 0 ? 41 : 43;
        if (row.subState() == lost) {
            return null;
        }
        Set<Integer> allowed = told(script, row, run);
        return allowed.contains(row.subState())
                ? null
                : "row " + row + " ended in " + row.subState() + " but its handler was told " + script + " (run " + run
                        + "), which allows " + allowed + " or a lost lease (" + lost + ")";
    }

    /** A violation, or null when a row that ended without a run in a custom sub-state was cancelled on purpose. */
    static @Nullable String checkCancelled(AuditedRow row) {
        Script script = scriptOf(row);
        return script != null && script.hold().equals("cancel")
                ? null
                : "row " + row + " ended in " + row.subState() + " without a run, but the test never cancelled it: "
                        + row.properties();
    }

    private static Set<Integer> told(Script script, AuditedRow row, AuditedRow.Run run) {
        int failed = row.pendingExecution() > 0 ? 44 : 43;
        return switch (script.action()) {
            case "succeed" -> Set.of(30);
            case "throw" -> Set.of(failed);
            case "fail-first" -> Set.of(row.attempt() == 1 ? failed : 30);
            case "decline" -> Set.of(45);
            case "reschedule" -> rescheduled(script, run);
            default -> Set.of();
        };
    }

    private static Set<Integer> rescheduled(Script script, AuditedRow.Run run) {
        Instant started = run.startedAt().toInstant(ZoneOffset.UTC);
        Instant until = Instant.ofEpochMilli(script.rescheduleUntil());
        if (started.isBefore(until.minus(CLOCK_TOLERANCE))) {
            return Set.of(32);
        }
        return started.isBefore(until) ? Set.of(30, 32) : Set.of(30);
    }
}
