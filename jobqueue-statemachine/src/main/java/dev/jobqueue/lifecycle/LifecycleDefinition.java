package dev.jobqueue.lifecycle;

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
 * <p>A sub-state code is {@code state * 10 + k}: 12 is a {@code SCHEDULED} sub-state, 46 a
 * {@code FAILED} one. A transition that enters {@code PROCESSING} from another state uses up one
 * execution, so it must be declared with {@link #transitionIfExecutionsLeft}.
 *
 * @since 0.1.0
 */
public final class LifecycleDefinition {

    private final List<SubStateDeclaration> subStates = new ArrayList<>();
    private final List<TransitionDeclaration> transitions = new ArrayList<>();
    private boolean builtIn = true;

    LifecycleDefinition() {
    }

    /**
     * Declares a sub-state.
     *
     * @param code {@code state * 10 + k} with state 1..4 and k 0..9, not yet used
     * @param name lower-case letters, digits and {@code -}, like {@code awaiting-approval}
     */
    public LifecycleDefinition subState(int code, String name) {
        subStates.add(new SubStateDeclaration(code, Objects.requireNonNull(name, "name"), builtIn));
        return this;
    }

    /** Declares a transition taken whatever {@code pending_execution} is. */
    public LifecycleDefinition transition(int fromCode, JobEvent event, int toCode, Effect... effects) {
        return add(fromCode, event, ExecutionsCondition.ANY, toCode, effects, false);
    }

    /** Declares a transition taken only when {@code pending_execution > 0}. */
    public LifecycleDefinition transitionIfExecutionsLeft(int fromCode, JobEvent event, int toCode,
            Effect... effects) {
        return add(fromCode, event, ExecutionsCondition.EXECUTIONS_LEFT, toCode, effects, false);
    }

    /** Declares a transition taken only when {@code pending_execution <= 0}. */
    public LifecycleDefinition transitionIfNoExecutionsLeft(int fromCode, JobEvent event, int toCode,
            Effect... effects) {
        return add(fromCode, event, ExecutionsCondition.NO_EXECUTIONS_LEFT, toCode, effects, false);
    }

    /**
     * Declares, on purpose, a transition out of a terminal ({@code DONE} or {@code FAILED})
     * sub-state, such as reviving a poisoned job.
     */
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

    private LifecycleDefinition add(int fromCode, JobEvent event, ExecutionsCondition condition, int toCode,
            Effect[] effects, boolean exitFromTerminal) {
        Objects.requireNonNull(event, "event");
        Set<Effect> effectSet = Set.copyOf(Arrays.asList(effects));
        transitions.add(new TransitionDeclaration(fromCode, event, condition, toCode, effectSet, exitFromTerminal,
                builtIn));
        return this;
    }
}
