package dev.jobqueue.dashboard;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A job's place in the lifecycle, for its page: every state with its sub-states (the current one
 * marked), the transitions the lifecycle declares from the current sub-state, the dashboard's
 * actions with whether each is allowed there, and the lifecycle's Mermaid text with a
 * {@code class} line marking the current sub-state. All of it comes from the {@link JobLifecycle}
 * bean, so a customized lifecycle shows as it is.
 */
record LifecyclePlace(
        SubState current,
        String currentName,
        List<StateBox> states,
        List<Step> transitions,
        List<ActionRow> actions,
        String mermaid) {

    /** A state and its sub-states. */
    record StateBox(JobState state, List<Node> subStates) {}

    /** A sub-state; {@code current} for the job's own. */
    record Node(int code, String name, boolean current) {}

    /** A transition from the current sub-state. */
    record Step(String event, String guard, int to, String toName, String effects) {}

    /** A dashboard action, the event it fires, and whether the lifecycle allows it here. */
    record ActionRow(String label, String event, boolean allowed, String why) {}

    static LifecyclePlace of(JobLifecycle lifecycle, JobDetails job, Instant now) {
        SubState current = lifecycle.subStateOf(job.state().code(), job.subState());
        List<SubState> declared = lifecycle.subStates().stream()
                .sorted(Comparator.comparingInt(SubState::code))
                .toList();
        List<StateBox> states = new ArrayList<>();
        for (JobState state : JobState.values()) {
            states.add(new StateBox(
                    state,
                    declared.stream()
                            .filter(subState -> subState.state() == state)
                            .map(subState ->
                                    new Node(subState.code(), lifecycle.nameOf(subState), subState.equals(current)))
                            .toList()));
        }
        List<Step> steps = lifecycle.transitions().stream()
                .filter(transition -> transition.from().equals(current))
                .map(transition -> step(lifecycle, transition))
                .toList();
        List<ActionRow> actions = new ArrayList<>();
        for (JobActions action : JobActions.values()) {
            boolean takes = lifecycle.sourcesOf(action.event()).contains(current);
            boolean allowed = action.allows(lifecycle, current, job, now);
            String why = allowed
                    ? "allowed"
                    : takes ? "the job is already due" : "the lifecycle takes no " + action.event() + " from here";
            actions.add(new ActionRow(action.label(), action.event().toString(), allowed, why));
        }
        return new LifecyclePlace(
                current, lifecycle.nameOf(current), states, steps, actions, mermaid(lifecycle, current));
    }

    /** The lifecycle's diagram with the current sub-state's node styled. */
    static String mermaid(JobLifecycle lifecycle, SubState current) {
        return lifecycle.toMermaid()
                + "    classDef current fill:#ffd84d,stroke:#a15c00,stroke-width:3px\n"
                + "    class s" + current.code() + " current\n";
    }

    private static Step step(JobLifecycle lifecycle, Transition transition) {
        return new Step(
                transition.event().toString(),
                transition.executionsLeft() ? "executions left" : "no executions left",
                transition.to().code(),
                lifecycle.nameOf(transition.to()),
                transition.effects().stream().map(Enum::name).collect(Collectors.joining(", ")));
    }
}
