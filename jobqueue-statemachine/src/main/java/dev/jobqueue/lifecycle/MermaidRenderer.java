package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.internal.ExecutionsCondition;
import dev.jobqueue.lifecycle.internal.TransitionDeclaration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Writes a lifecycle as a Mermaid {@code stateDiagram-v2}: the four states as composite states,
 * their sub-states as children, one arrow per declared transition. A transition declared on a
 * state starts at the composite state, since every child takes it; one declared on a sub-state
 * starts at the child. A guarded pair with the same outcome is drawn once, without a guard.
 */
final class MermaidRenderer {

    private static final String INDENT = "    ";
    private static final Comparator<TransitionDeclaration> ORDER = Comparator.comparingInt(
                    TransitionDeclaration::fromState)
            .thenComparing(declaration -> !declaration.onParent())
            .thenComparingInt(TransitionDeclaration::from)
            .thenComparing(TransitionDeclaration::event)
            .thenComparing(TransitionDeclaration::condition);

    private MermaidRenderer() {}

    /**
     * @param subStates the declared sub-states, by code
     * @param names the name of each sub-state
     * @param declarations the validated transitions, in any order
     */
    static String render(
            List<SubState> subStates, Function<SubState, String> names, List<TransitionDeclaration> declarations) {
        StringBuilder out = new StringBuilder("stateDiagram-v2\n");
        out.append(INDENT).append("[*] --> s10\n").append(INDENT).append("[*] --> s11\n");
        for (JobState state : JobState.values()) {
            out.append(INDENT).append("state ").append(state).append(" {\n");
            for (SubState subState : subStates) {
                if (subState.state() == state) {
                    out.append(INDENT)
                            .append(INDENT)
                            .append(id(subState.code()))
                            .append(" : ")
                            .append(subState.code())
                            .append(' ')
                            .append(names.apply(subState))
                            .append('\n');
                }
            }
            out.append(INDENT).append("}\n");
        }
        List<TransitionDeclaration> sorted = new ArrayList<>(declarations);
        sorted.sort(ORDER);
        for (int i = 0; i < sorted.size(); i++) {
            TransitionDeclaration declaration = sorted.get(i);
            @Nullable TransitionDeclaration next = i + 1 < sorted.size() ? sorted.get(i + 1) : null;
            if (next != null && guardedPair(declaration, next) && declaration.sameOutcome(next)) {
                arrow(out, declaration, "");
                i++;
            } else {
                String label = declaration.condition().label();
                arrow(out, declaration, label.isEmpty() ? "" : " [" + label + "]");
            }
        }
        return out.toString();
    }

    private static void arrow(StringBuilder out, TransitionDeclaration declaration, String guard) {
        out.append(INDENT)
                .append(id(declaration.from()))
                .append(" --> ")
                .append(id(declaration.to()))
                .append(" : ")
                .append(declaration.event())
                .append(guard);
        List<String> actions = new ArrayList<>();
        if (declaration.pendingDelta() != 0) {
            actions.add("pending_execution " + (declaration.pendingDelta() < 0 ? "- " : "+ ")
                    + Math.abs(declaration.pendingDelta()));
        }
        for (Effect effect : declaration.effects()) {
            actions.add(effect.name());
        }
        if (!actions.isEmpty()) {
            out.append(" / ").append(String.join(", ", actions));
        }
        out.append('\n');
    }

    private static boolean guardedPair(TransitionDeclaration a, TransitionDeclaration b) {
        return a.from() == b.from()
                && a.event().equals(b.event())
                && a.condition() == ExecutionsCondition.EXECUTIONS_LEFT
                && b.condition() == ExecutionsCondition.NO_EXECUTIONS_LEFT;
    }

    /** A sub-state's node id, like {@code s10}, or a state's composite name, like {@code PROCESSING}. */
    private static String id(int code) {
        return code < 10 ? JobState.fromCode(code).name() : "s" + code;
    }
}
