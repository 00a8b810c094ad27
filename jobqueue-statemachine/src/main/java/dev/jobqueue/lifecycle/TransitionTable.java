package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.SubState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The compiled lifecycle: for each event an array of precomputed outcomes indexed by
 * {@code subStateCode * 2 + (executions left ? 1 : 0)}, and an array that resolves a stored
 * {@code (state, sub_state)} pair to its sub-state code. A lookup reads two arrays and one map
 * and allocates nothing; only a refusal builds an exception.
 */
final class TransitionTable {

    private static final int CODES = 50;

    /** Each event's row: a slot per (sub-state, executions left), null where the event is refused. */
    private final Map<JobEvent, @Nullable Transition[]> rows;
    /** The rows of the built-in events by {@link JobEvent#order()}: no hashing on the hot path. */
    private final @Nullable Transition[] @Nullable [] builtInRows =
            new Transition[JobEvent.builtIn().size()][];

    private final int[] resolved = new int[5 * CODES];
    private final @Nullable String[] names;
    private final List<JobEvent> events;

    /**
     * @param transitions the compiled outcomes, at most one per (from, event, guard input)
     * @param names the name of each declared sub-state, indexed by code
     * @param events every event of the lifecycle, in event order
     */
    TransitionTable(List<Transition> transitions, @Nullable String[] names, List<JobEvent> events) {
        this.names = names.clone();
        this.events = List.copyOf(events);
        Map<JobEvent, @Nullable Transition[]> byEvent = new HashMap<>();
        for (Transition transition : transitions) {
            @Nullable
            Transition[] row = byEvent.computeIfAbsent(transition.event(), event -> new Transition[CODES * 2]);
            row[slot(transition.from().code(), transition.executionsLeft())] = transition;
        }
        this.rows = Map.copyOf(byEvent);
        for (JobEvent builtIn : JobEvent.builtIn()) {
            builtInRows[builtIn.order()] = rows.get(builtIn);
        }
        for (int code = 10; code < CODES; code++) {
            if (names[code] != null) {
                resolved[(code / 10) * CODES + code] = code;
            }
        }
        // The Go library claims a row by setting state 2 and leaves sub_state at 10 (or the DDL default 11).
        resolved[2 * CODES + 10] = 20;
        resolved[2 * CODES + 11] = 20;
    }

    /** The hot path: see {@link JobLifecycle#transition(int, int, JobEvent, int)}. */
    Transition lookup(int stateCode, int subStateCode, JobEvent event, int pendingExecution) {
        int code = resolve(stateCode, subStateCode);
        boolean executionsLeft = pendingExecution > 0;
        @Nullable Transition @Nullable [] row = event.isBuiltIn() ? builtInRows[event.order()] : rows.get(event);
        @Nullable Transition transition = row == null ? null : row[slot(code, executionsLeft)];
        if (transition == null) {
            throw refusal(code, event, executionsLeft);
        }
        return transition;
    }

    /** The declared sub-state code of a stored row, or an exception naming both codes. */
    int resolve(int stateCode, int subStateCode) {
        if (stateCode >= 1 && stateCode <= 4 && subStateCode >= 10 && subStateCode < CODES) {
            int code = resolved[stateCode * CODES + subStateCode];
            if (code != 0) {
                return code;
            }
        }
        throw unresolvable(stateCode, subStateCode);
    }

    boolean isDeclared(int code) {
        return code >= 10 && code < CODES && names[code] != null;
    }

    String nameOf(int code) {
        if (!isDeclared(code)) {
            throw new InvalidJobInputException(
                    "subState",
                    "sub_state " + code + " is not a sub-state of this lifecycle; declared: " + declaredCodes(0));
        }
        return Objects.requireNonNull(names[code]);
    }

    private static int slot(int code, boolean executionsLeft) {
        return code * 2 + (executionsLeft ? 1 : 0);
    }

    private IllegalTransitionException refusal(int code, JobEvent event, boolean executionsLeft) {
        List<JobEvent> allowed = new ArrayList<>();
        for (JobEvent candidate : events) {
            @Nullable Transition @Nullable [] candidateRow = rows.get(candidate);
            if (candidateRow != null && candidateRow[slot(code, executionsLeft)] != null) {
                allowed.add(candidate);
            }
        }
        @Nullable Transition @Nullable [] row = rows.get(event);
        String guardNote = "";
        if (row != null && row[slot(code, !executionsLeft)] != null) {
            guardNote = executionsLeft ? " with executions left" : " with no executions left";
        }
        return new IllegalTransitionException(SubState.of(code), nameOf(code), event, allowed, guardNote, null);
    }

    private InvalidJobInputException unresolvable(int stateCode, int subStateCode) {
        String pair = "state " + stateCode + " with sub_state " + subStateCode;
        if (stateCode < 1 || stateCode > 4) {
            return new InvalidJobInputException("state", pair + ": state must be 1, 2, 3 or 4");
        }
        if (!isDeclared(subStateCode)) {
            return new InvalidJobInputException(
                    "subState",
                    pair + ": sub_state " + subStateCode + " is not a sub-state of this lifecycle; declared: "
                            + declaredCodes(0));
        }
        return new InvalidJobInputException(
                "subState",
                pair + " do not match: a sub_state of state " + stateCode
                        + " is one of " + declaredCodes(stateCode)
                        + (stateCode == 2 ? ", or 10 or 11 on a row claimed by" + " the Go library" : "")
                        + ", and sub_state " + subStateCode + " belongs to state "
                        + subStateCode / 10);
    }

    private List<Integer> declaredCodes(int stateCode) {
        List<Integer> codes = new ArrayList<>();
        for (int code = 10; code < CODES; code++) {
            if (names[code] != null && (stateCode == 0 || code / 10 == stateCode)) {
                codes.add(code);
            }
        }
        return codes;
    }
}
