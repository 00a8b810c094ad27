package dev.jobqueue.lifecycle.internal;

import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.JobEvent;
import java.util.Map;
import java.util.Set;
import org.springframework.statemachine.StateContext;
import org.springframework.statemachine.action.ReactiveAction;
import reactor.core.publisher.Mono;

/**
 * Records what the persistence layer must do for a transition in the extended state: the
 * change of {@code pending_execution} and the effects.
 */
final class RecordOutcomeAction implements ReactiveAction<Integer, JobEvent> {

    private final int pendingDelta;
    private final Set<Effect> effects;

    RecordOutcomeAction(int pendingDelta, Set<Effect> effects) {
        this.pendingDelta = pendingDelta;
        this.effects = effects;
    }

    @Override
    public Mono<Void> apply(StateContext<Integer, JobEvent> context) {
        return Mono.fromRunnable(() -> {
            Map<Object, Object> variables = context.getExtendedState().getVariables();
            variables.put(LifecycleModel.PENDING_DELTA, pendingDelta);
            variables.put(LifecycleModel.EFFECTS, effects);
        });
    }

    @Override
    public String toString() {
        return "pending " + pendingDelta + " " + effects;
    }
}
