package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.internal.ExecutionsCondition;
import dev.jobqueue.lifecycle.internal.LifecycleDeclarations;
import dev.jobqueue.lifecycle.internal.SubStateDeclaration;
import dev.jobqueue.lifecycle.internal.TransitionDeclaration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The declarations a {@link JobLifecycleCustomizer} adds to the standard lifecycle. Nothing is
 * checked here: {@link JobLifecycle.Builder#build()} validates everything at once and names what
 * to fix.
 *
 * <p>The lifecycle is hierarchical: the {@link JobState states} are parents, their sub-states
 * children. A transition declared on a state ({@code transition(JobState.SCHEDULED, ...)}) applies
 * to each of its sub-states, the custom ones included; one declared on a sub-state overrides the
 * parent's for that sub-state, event and guard input. A sub-state code is {@code state * 10 + k}:
 * 12 is a {@code SCHEDULED} sub-state, 46 a {@code FAILED} one. A transition that enters
 * {@code PROCESSING} from another state uses up one execution, so it must be declared with
 * {@code transitionIfExecutionsLeft}.
 *
 * <pre>{@code
 * SubState awaitingApproval = SubState.of(12);
 * definition.subState(awaitingApproval, "awaiting-approval")
 *         .transition(SubState.SCHEDULED, JobEvent.of("hold"), awaitingApproval)
 *         .transition(awaitingApproval, JobEvent.of("approve"), SubState.SCHEDULED);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LifecycleDefinition {

    private final List<SubStateDeclaration> subStates = new ArrayList<>();
    private final List<TransitionDeclaration> transitions = new ArrayList<>();
    private boolean builtIn = true;

    LifecycleDefinition() {}

    /**
     * Declares a sub-state, a child of {@code subState.state()}: it takes every transition
     * declared on that state.
     *
     * @param subState a code not yet used, like {@code SubState.of(12)}
     * @param name lower-case letters, digits and {@code -}, like {@code awaiting-approval}
     */
    public LifecycleDefinition subState(SubState subState, String name) {
        return subState(Objects.requireNonNull(subState, "subState").code(), name);
    }

    /** Declares a transition out of one sub-state, taken whatever {@code pending_execution} is. */
    public LifecycleDefinition transition(SubState from, JobEvent event, SubState to, Effect... effects) {
        return add(code(from), event, ExecutionsCondition.ANY, code(to), effects, false);
    }

    /**
     * Declares a transition out of every sub-state of {@code from}, taken whatever
     * {@code pending_execution} is; a sub-state's own transition for the same event overrides it.
     */
    public LifecycleDefinition transition(JobState from, JobEvent event, SubState to, Effect... effects) {
        return add(code(from), event, ExecutionsCondition.ANY, code(to), effects, false);
    }

    /** Declares a transition out of one sub-state, taken only when {@code pending_execution > 0}. */
    public LifecycleDefinition transitionIfExecutionsLeft(
            SubState from, JobEvent event, SubState to, Effect... effects) {
        return add(code(from), event, ExecutionsCondition.EXECUTIONS_LEFT, code(to), effects, false);
    }

    /** Declares a transition out of every sub-state of {@code from}, taken only when {@code pending_execution > 0}. */
    public LifecycleDefinition transitionIfExecutionsLeft(
            JobState from, JobEvent event, SubState to, Effect... effects) {
        return add(code(from), event, ExecutionsCondition.EXECUTIONS_LEFT, code(to), effects, false);
    }

    /** Declares a transition out of one sub-state, taken only when {@code pending_execution <= 0}. */
    public LifecycleDefinition transitionIfNoExecutionsLeft(
            SubState from, JobEvent event, SubState to, Effect... effects) {
        return add(code(from), event, ExecutionsCondition.NO_EXECUTIONS_LEFT, code(to), effects, false);
    }

    /** Declares a transition out of every sub-state of {@code from}, taken only when {@code pending_execution <= 0}. */
    public LifecycleDefinition transitionIfNoExecutionsLeft(
            JobState from, JobEvent event, SubState to, Effect... effects) {
        return add(code(from), event, ExecutionsCondition.NO_EXECUTIONS_LEFT, code(to), effects, false);
    }

    /**
     * Declares, on purpose, a transition out of a terminal ({@code DONE} or {@code FAILED})
     * sub-state, such as reviving a poisoned job.
     */
    public LifecycleDefinition exitFromTerminal(SubState from, JobEvent event, SubState to, Effect... effects) {
        return add(code(from), event, ExecutionsCondition.ANY, code(to), effects, true);
    }

    /**
     * Declares a sub-state by its code.
     *
     * @deprecated use {@link #subState(SubState, String)}
     */
    @Deprecated
    public LifecycleDefinition subState(int code, String name) {
        subStates.add(new SubStateDeclaration(code, Objects.requireNonNull(name, "name"), builtIn));
        return this;
    }

    /**
     * Declares a transition by sub-state codes.
     *
     * @deprecated use {@link #transition(SubState, JobEvent, SubState, Effect...)}
     */
    @Deprecated
    public LifecycleDefinition transition(int fromCode, JobEvent event, int toCode, Effect... effects) {
        return add(fromCode, event, ExecutionsCondition.ANY, toCode, effects, false);
    }

    /**
     * Declares a guarded transition by sub-state codes.
     *
     * @deprecated use {@link #transitionIfExecutionsLeft(SubState, JobEvent, SubState, Effect...)}
     */
    @Deprecated
    public LifecycleDefinition transitionIfExecutionsLeft(int fromCode, JobEvent event, int toCode, Effect... effects) {
        return add(fromCode, event, ExecutionsCondition.EXECUTIONS_LEFT, toCode, effects, false);
    }

    /**
     * Declares a guarded transition by sub-state codes.
     *
     * @deprecated use {@link #transitionIfNoExecutionsLeft(SubState, JobEvent, SubState, Effect...)}
     */
    @Deprecated
    public LifecycleDefinition transitionIfNoExecutionsLeft(
            int fromCode, JobEvent event, int toCode, Effect... effects) {
        return add(fromCode, event, ExecutionsCondition.NO_EXECUTIONS_LEFT, toCode, effects, false);
    }

    /**
     * Declares a way out of a terminal sub-state by codes.
     *
     * @deprecated use {@link #exitFromTerminal(SubState, JobEvent, SubState, Effect...)}
     */
    @Deprecated
    public LifecycleDefinition exitFromTerminal(int fromCode, JobEvent event, int toCode, Effect... effects) {
        return add(fromCode, event, ExecutionsCondition.ANY, toCode, effects, true);
    }

    /** Marks the end of the built-in declarations: later ones are the application's. */
    void startCustomizing() {
        builtIn = false;
    }

    /** The declarations so far; a transition declared twice in the same way counts once. */
    LifecycleDeclarations declarations() {
        return new LifecycleDeclarations(subStates, List.copyOf(new LinkedHashSet<>(transitions)));
    }

    private static int code(SubState subState) {
        return Objects.requireNonNull(subState, "subState").code();
    }

    private static int code(JobState state) {
        return Objects.requireNonNull(state, "state").code();
    }

    private LifecycleDefinition add(
            int fromCode,
            JobEvent event,
            ExecutionsCondition condition,
            int toCode,
            Effect[] effects,
            boolean exitFromTerminal) {
        Objects.requireNonNull(event, "event");
        Set<Effect> effectSet = Set.copyOf(Arrays.asList(effects));
        transitions.add(
                new TransitionDeclaration(fromCode, event, condition, toCode, effectSet, exitFromTerminal, builtIn));
        return this;
    }
}
