package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.lifecycle.internal.ExecutionsCondition;
import dev.jobqueue.lifecycle.internal.LifecycleDeclarations;
import dev.jobqueue.lifecycle.internal.SubStateDeclaration;
import dev.jobqueue.lifecycle.internal.TransitionDeclaration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a lifecycle's declarations before its model is built, and collects every problem with
 * what to fix.
 */
final class LifecycleValidator {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private final Map<Integer, SubStateDeclaration> byCode = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    private LifecycleValidator() {}

    /**
     * Validates the declarations.
     *
     * @throws InvalidLifecycleException naming each problem
     */
    static void validate(LifecycleDeclarations declarations) {
        LifecycleValidator validator = new LifecycleValidator();
        validator.checkSubStates(declarations.subStates());
        List<TransitionDeclaration> resolvable = validator.checkReferences(declarations.transitions());
        for (TransitionDeclaration transition : resolvable) {
            validator.checkTransition(transition);
        }
        validator.checkConflicts(resolvable);
        validator.checkReachability(resolvable);
        if (!validator.problems.isEmpty()) {
            throw new InvalidLifecycleException(validator.problems);
        }
    }

    private void checkSubStates(List<SubStateDeclaration> subStates) {
        Map<String, SubStateDeclaration> byName = new HashMap<>();
        for (SubStateDeclaration subState : subStates) {
            if (subState.code() < 10 || subState.code() > 49) {
                problems.add("sub-state " + subState.code() + " '" + subState.name() + "' is outside 10..49: a code"
                        + " is state * 10 + k with k 0..9 and a parent state that exists (1 SCHEDULED, 2 PROCESSING,"
                        + " 3 DONE, 4 FAILED), so state " + subState.stateCode() + " cannot hold it");
                continue;
            }
            if (!NAME.matcher(subState.name()).matches()) {
                problems.add("sub-state " + subState.code() + " has the name '" + subState.name() + "': use 1 to 40"
                        + " lower-case letters, digits and '-', starting with a letter (like awaiting-approval)");
            }
            SubStateDeclaration sameCode = byCode.putIfAbsent(subState.code(), subState);
            if (sameCode != null) {
                problems.add("sub-state code " + subState.code() + " is declared twice, as '" + sameCode.name()
                        + "'" + (sameCode.builtIn() ? " (built-in)" : "") + " and as '" + subState.name()
                        + "': pick a free code among " + freeCodes(subState.stateCode()));
            }
            SubStateDeclaration sameName = byName.putIfAbsent(subState.name().toLowerCase(Locale.ROOT), subState);
            if (sameName != null && sameName.code() != subState.code()) {
                problems.add("sub-state name '" + subState.name() + "' is used by both " + sameName.code() + " and "
                        + subState.code() + ": names must be unique");
            }
        }
    }

    private List<TransitionDeclaration> checkReferences(List<TransitionDeclaration> transitions) {
        List<TransitionDeclaration> resolvable = new ArrayList<>();
        for (TransitionDeclaration transition : transitions) {
            boolean fromDeclared = isState(transition.from()) || checkDeclared(transition, transition.from());
            boolean ok = fromDeclared & checkDeclared(transition, transition.to());
            JobEvent clash =
                    transition.event().isBuiltIn() ? null : transition.event().clashingBuiltIn();
            if (clash != null) {
                problems.add("custom event '" + transition.event() + "' in " + transition.describe()
                        + " clashes with the built-in event " + clash + ": use JobEvent." + clash
                        + " or another name");
            }
            if (ok) {
                resolvable.add(transition);
            }
        }
        return resolvable;
    }

    private boolean checkDeclared(TransitionDeclaration transition, int code) {
        if (byCode.containsKey(code)) {
            return true;
        }
        problems.add("transition " + transition.describe() + " uses sub-state " + code
                + ", which is not declared: declare it with subState(SubState.of(" + code + "), name) or fix the code");
        return false;
    }

    private void checkTransition(TransitionDeclaration transition) {
        boolean fromTerminal = isTerminal(transition.from());
        if (fromTerminal && transition.onParent()) {
            problems.add("transition " + transition.describe() + " leaves every sub-state of the terminal state "
                    + describe(transition.from()) + ": declare a way out of one sub-state with exitFromTerminal(...)"
                    + " if that is on purpose");
            return;
        }
        if (fromTerminal && !transition.exitFromTerminal()) {
            problems.add("transition " + transition.describe() + " leaves the terminal sub-state "
                    + describe(transition.from()) + ": declare it with exitFromTerminal(SubState.of("
                    + transition.from() + "), " + transition.event() + ", SubState.of(" + transition.to()
                    + ")) if that is on purpose");
        }
        if (!fromTerminal && transition.exitFromTerminal()) {
            problems.add("exitFromTerminal(" + transition.from() + ", " + transition.event() + ", " + transition.to()
                    + ") starts from " + describe(transition.from()) + ", which is not terminal: use transition(...)");
        }
        if (transition.pendingDelta() < 0 && transition.condition() != ExecutionsCondition.EXECUTIONS_LEFT) {
            problems.add("transition " + transition.describe() + " enters PROCESSING, which uses up an execution,"
                    + " but a job with no executions left is never claimed: declare it with"
                    + " transitionIfExecutionsLeft(...) and the other case with transitionIfNoExecutionsLeft(..., 43)");
        }
    }

    private void checkConflicts(List<TransitionDeclaration> transitions) {
        Map<String, TransitionDeclaration> bySlot = new HashMap<>();
        Set<String> reported = new HashSet<>();
        for (TransitionDeclaration transition : transitions) {
            for (boolean executionsLeft : new boolean[] {true, false}) {
                if (!transition.condition().admits(executionsLeft)) {
                    continue;
                }
                String slot = transition.from() + " " + transition.event() + " " + executionsLeft;
                TransitionDeclaration first = bySlot.putIfAbsent(slot, transition);
                if (first != null
                        && !first.sameOutcome(transition)
                        && reported.add(first.describe() + transition.describe())) {
                    problems.add("transitions " + first.describe() + " and " + transition.describe()
                            + " leave the same sub-state on the same event and guard for different outcomes:"
                            + " keep one, or guard them apart");
                }
            }
        }
    }

    private void checkReachability(List<TransitionDeclaration> transitions) {
        Set<Integer> reached = reachableFromInitial(transitions);
        for (SubStateDeclaration subState : byCode.values()) {
            if (!reached.contains(subState.code())) {
                problems.add("sub-state " + describe(subState.code()) + " cannot be reached from 10 or 11: add a"
                        + " transition into it, like transition(SubState.SCHEDULED, JobEvent.of(\"hold\"), SubState.of("
                        + subState.code() + "))");
            }
            // Inherited exits do not count: a scheduled job left to COMPLETE_BY_CORRELATION waits on another job.
            else if (!isTerminal(subState.code()) && transitions.stream().noneMatch(t -> t.from() == subState.code())) {
                problems.add("sub-state " + describe(subState.code()) + " has no transition of its own, so a job"
                        + " there would never finish (what it inherits from " + JobState.fromCode(subState.stateCode())
                        + " does not count): add one, like transition(SubState.of(" + subState.code()
                        + "), JobEvent.of(\"approve\"), SubState.SCHEDULED)");
            }
        }
    }

    private static Set<Integer> reachableFromInitial(List<TransitionDeclaration> transitions) {
        Set<Integer> reached = new HashSet<>(List.of(10, 11));
        Deque<Integer> pending = new ArrayDeque<>(reached);
        while (!pending.isEmpty()) {
            int code = pending.pop();
            for (TransitionDeclaration transition : transitions) {
                if (leaves(transition, code) && reached.add(transition.to())) {
                    pending.push(transition.to());
                }
            }
        }
        return reached;
    }

    private List<Integer> freeCodes(int stateCode) {
        List<Integer> free = new ArrayList<>();
        for (int code = stateCode * 10; code < stateCode * 10 + 10; code++) {
            if (!byCode.containsKey(code)) {
                free.add(code);
            }
        }
        return free;
    }

    /** Whether a job in the sub-state takes the transition: declared on it, or on its parent state. */
    private static boolean leaves(TransitionDeclaration transition, int subStateCode) {
        return transition.from() == subStateCode || transition.from() == subStateCode / 10;
    }

    private static boolean isState(int code) {
        return code >= 1 && code <= 4;
    }

    /** Whether the sub-state, or every sub-state of the state, is terminal. */
    private static boolean isTerminal(int code) {
        return JobState.fromCode(isState(code) ? code : code / 10).isFinished();
    }

    private String describe(int code) {
        if (isState(code)) {
            return JobState.fromCode(code).name();
        }
        SubStateDeclaration declared = byCode.get(code);
        String name = declared == null ? "undeclared" : declared.name();
        return JobState.fromCode(code / 10) + "/" + code + " (" + name + ")";
    }
}
