package dev.jobqueue.lifecycle.internal;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.JobEvent;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A declared transition, before validation.
 *
 * @param from the source: a sub-state code (10..49), or a state code (1..4) for a transition that
 *     every sub-state of that state takes unless it declares its own
 * @param event the event that triggers it
 * @param condition its guard on {@code pending_execution}
 * @param to the target sub-state code
 * @param effects what the persistence layer must also do
 * @param exitFromTerminal whether it was declared on purpose as a way out of a terminal sub-state
 * @param builtIn whether jobqueue declared it, rather than an application
 * @since 0.1.0
 */
public record TransitionDeclaration(
        int from,
        JobEvent event,
        ExecutionsCondition condition,
        int to,
        Set<Effect> effects,
        boolean exitFromTerminal,
        boolean builtIn) {

    public TransitionDeclaration {
        effects = effects.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(effects));
    }

    /** Whether it is declared on a state, the parent of sub-states, rather than on one sub-state. */
    public boolean onParent() {
        return from < 10;
    }

    /** The state it leaves: {@code from} itself for a parent, else {@code from / 10}. */
    public int fromState() {
        return onParent() ? from : from / 10;
    }

    /**
     * The change of {@code pending_execution}: entering {@code PROCESSING} from another state uses
     * up one execution, as the seed's poller does; going from {@code PROCESSING} back to
     * {@code SCHEDULED} gives it back, since that run never counted (so a scheduled row never has
     * fewer executions than when it was claimed, and never 0 from a claim that had one). Nothing
     * else changes it.
     */
    public int pendingDelta() {
        if (to / 10 == 2 && fromState() != 2) {
            return -1;
        }
        return fromState() == 2 && to / 10 == 1 ? 1 : 0;
    }

    /** Whether both declare the same outcome: same target and effects. */
    public boolean sameOutcome(TransitionDeclaration other) {
        return to == other.to && effects.equals(other.effects);
    }

    /**
     * The declaration as messages write it, like {@code 10 --hold--> 12} or
     * {@code 20 --COMPLETE--> 30 / [COMPLETE_CORRELATED]}.
     */
    public String describe() {
        String guard = condition == ExecutionsCondition.ANY ? "" : " [" + condition.label() + "]";
        String source = from >= 1 && from <= 4 ? JobState.fromCode(from).name() : Integer.toString(from);
        return source + " --" + event + guard + "--> " + to + (effects.isEmpty() ? "" : " / " + effects);
    }
}
