package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of one event for one input: a job in {@code from}, with or without executions
 * left, takes {@code event} and moves to {@code to}.
 *
 * @param from the sub-state the job is in
 * @param event the event it takes
 * @param executionsLeft the guard input: whether {@code pending_execution > 0}
 * @param to the sub-state it moves to; its state is {@link #toState()}
 * @param pendingDelta the change of {@code pending_execution}: -1 when the job enters
 *     {@code PROCESSING}, else 0
 * @param effects what the persistence layer must also do, in the same transaction
 * @since 0.1.0
 */
public record Transition(
        SubState from, JobEvent event, boolean executionsLeft, SubState to, int pendingDelta, Set<Effect> effects) {

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(to, "to");
        effects = effects.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(effects));
    }

    /** The state the job moves to: the state of {@link #to()}. */
    public JobState toState() {
        return to.state();
    }

    /** Whether the outcome carries the given effect. */
    public boolean has(Effect effect) {
        return effects.contains(effect);
    }

    @Override
    public String toString() {
        String guard = executionsLeft ? " [executions left]" : " [no executions left]";
        return from.state() + "/" + from + " --" + event + guard + "--> " + to.state() + "/" + to
                + (pendingDelta != 0 ? " pending " + pendingDelta : "") + (effects.isEmpty() ? "" : " " + effects);
    }
}
