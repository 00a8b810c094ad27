package dev.jobqueue.lifecycle.internal;

import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.JobEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.statemachine.ExtendedState;
import org.springframework.statemachine.StateContext;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.state.State;
import org.springframework.statemachine.state.StateMachineState;
import org.springframework.statemachine.support.DefaultExtendedState;
import org.springframework.statemachine.support.DefaultStateContext;
import org.springframework.statemachine.transition.Transition;
import reactor.core.publisher.Mono;

/**
 * Compiles a lifecycle machine into its outcomes: for every transition of the machine and both
 * guard inputs ({@code pending_execution} 1 and 0), it evaluates the transition's guard and, when
 * the guard passes, runs its actions on a scratch extended state and reads what they recorded.
 * The machine is never started.
 *
 * @since 0.1.0
 */
public final class LifecycleCompiler {

    private LifecycleCompiler() {
    }

    /** Every outcome of the machine, one per transition and guard input that passes its guard. */
    public static List<dev.jobqueue.lifecycle.Transition> compile(StateMachine<Integer, JobEvent> machine) {
        List<dev.jobqueue.lifecycle.Transition> outcomes = new ArrayList<>();
        for (Transition<Integer, JobEvent> transition : transitionsOf(machine)) {
            for (boolean executionsLeft : new boolean[] {true, false}) {
                ExtendedState scratch = new DefaultExtendedState();
                scratch.getVariables().put(LifecycleModel.PENDING_EXECUTION, executionsLeft ? 1 : 0);
                StateContext<Integer, JobEvent> context = new DefaultStateContext<>(StateContext.Stage.TRANSITION,
                        null, null, scratch, transition, machine, transition.getSource(), transition.getTarget(), null);
                if (passes(transition.getGuard(), context)) {
                    for (Function<StateContext<Integer, JobEvent>, Mono<Void>> action : transition.getActions()) {
                        action.apply(context).block();
                    }
                    outcomes.add(outcome(transition, executionsLeft, scratch));
                }
            }
        }
        return outcomes;
    }

    private static boolean passes(Function<StateContext<Integer, JobEvent>, Mono<Boolean>> guard,
            StateContext<Integer, JobEvent> context) {
        return guard == null || Boolean.TRUE.equals(guard.apply(context).block());
    }

    @SuppressWarnings("unchecked")
    private static dev.jobqueue.lifecycle.Transition outcome(Transition<Integer, JobEvent> transition,
            boolean executionsLeft, ExtendedState recorded) {
        Integer pendingDelta = recorded.get(LifecycleModel.PENDING_DELTA, Integer.class);
        Set<Effect> effects = (Set<Effect>) recorded.getVariables().get(LifecycleModel.EFFECTS);
        return new dev.jobqueue.lifecycle.Transition(SubState.of(transition.getSource().getId()),
                transition.getTrigger().getEvent(), executionsLeft, SubState.of(transition.getTarget().getId()),
                pendingDelta == null ? 0 : pendingDelta, effects == null ? Set.of() : effects);
    }

    /** The transitions of the machine and of its sub-machines, each once. */
    private static Collection<Transition<Integer, JobEvent>> transitionsOf(StateMachine<Integer, JobEvent> machine) {
        Set<Transition<Integer, JobEvent>> all = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(machine, all);
        List<Transition<Integer, JobEvent>> ordered = new ArrayList<>(all);
        ordered.sort((a, b) -> Integer.compare(a.getSource().getId(), b.getSource().getId()));
        return ordered;
    }

    private static void collect(StateMachine<Integer, JobEvent> machine, Set<Transition<Integer, JobEvent>> all) {
        all.addAll(machine.getTransitions());
        for (State<Integer, JobEvent> state : machine.getStates()) {
            if (state instanceof StateMachineState<Integer, JobEvent> parent) {
                collect(parent.getSubmachine(), all);
            }
        }
    }
}
