package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Writes a lifecycle as a Mermaid {@code stateDiagram-v2}: the four states as composite states,
 * their sub-states as children, one arrow per outcome. An event whose two guard inputs have the
 * same outcome is drawn once, without a guard.
 */
final class MermaidRenderer {

    private static final String INDENT = "    ";

    private MermaidRenderer() {
    }

    /**
     * @param subStates the declared sub-states, by code
     * @param names the name of each sub-state
     * @param transitions the compiled outcomes, sorted by from, event, then executions left first
     */
    static String render(List<SubState> subStates, Function<SubState, String> names, List<Transition> transitions) {
        StringBuilder out = new StringBuilder("stateDiagram-v2\n");
        out.append(INDENT).append("[*] --> s10\n").append(INDENT).append("[*] --> s11\n");
        for (JobState state : JobState.values()) {
            out.append(INDENT).append("state ").append(state).append(" {\n");
            for (SubState subState : subStates) {
                if (subState.state() == state) {
                    out.append(INDENT).append(INDENT).append(id(subState)).append(" : ").append(subState.code())
                            .append(' ').append(names.apply(subState)).append('\n');
                }
            }
            out.append(INDENT).append("}\n");
        }
        for (int i = 0; i < transitions.size(); i++) {
            Transition transition = transitions.get(i);
            @Nullable Transition next = i + 1 < transitions.size() ? transitions.get(i + 1) : null;
            if (next != null && sameInputsButGuard(transition, next) && sameOutcome(transition, next)) {
                arrow(out, transition, "");
                i++;
            }
            else {
                arrow(out, transition, transition.executionsLeft() ? " [executions left]" : " [no executions left]");
            }
        }
        return out.toString();
    }

    private static void arrow(StringBuilder out, Transition transition, String guard) {
        out.append(INDENT).append(id(transition.from())).append(" --> ").append(id(transition.to())).append(" : ")
                .append(transition.event()).append(guard);
        List<String> actions = new ArrayList<>();
        if (transition.pendingDelta() != 0) {
            actions.add("pending_execution " + (transition.pendingDelta() < 0 ? "- " : "+ ")
                    + Math.abs(transition.pendingDelta()));
        }
        for (Effect effect : transition.effects()) {
            actions.add(effect.name());
        }
        if (!actions.isEmpty()) {
            out.append(" / ").append(String.join(", ", actions));
        }
        out.append('\n');
    }

    private static boolean sameInputsButGuard(Transition a, Transition b) {
        return a.from().equals(b.from()) && a.event().equals(b.event()) && a.executionsLeft() != b.executionsLeft();
    }

    private static boolean sameOutcome(Transition a, Transition b) {
        return a.to().equals(b.to()) && a.pendingDelta() == b.pendingDelta() && a.effects().equals(b.effects());
    }

    private static String id(SubState subState) {
        return "s" + subState.code();
    }
}
