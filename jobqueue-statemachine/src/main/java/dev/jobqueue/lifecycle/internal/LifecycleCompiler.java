package dev.jobqueue.lifecycle.internal;

import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.JobEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
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
 * Compiles a lifecycle machine into its outcomes, resolving the hierarchy as Spring Statemachine
 * does when an event arrives: for every sub-state (a child state), every event and both guard
 * inputs ({@code pending_execution} 1 and 0), the sub-state's own transitions are tried first,
 * then those of its parent state; the first whose guard passes is taken. Its actions then run on a
 * scratch extended state, and what they recorded becomes the outcome. The machine is never
 * started.
 *
 * @since 0.1.0
 */
public final class LifecycleCompiler {

    private LifecycleCompiler() {}

    /**
     * Every outcome of the machine, one per (sub-state, event, guard input) that some transition of
     * the sub-state or of its parent takes.
     */
    public static List<dev.jobqueue.lifecycle.Transition> compile(StateMachine<Integer, JobEvent> machine) {
        Map<Integer, List<Transition<Integer, JobEvent>>> bySource = new TreeMap<>();
        Set<JobEvent> events = new TreeSet<>();
        for (Transition<Integer, JobEvent> transition : transitionsOf(machine)) {
            bySource.computeIfAbsent(transition.getSource().getId(), source -> new ArrayList<>())
                    .add(transition);
            events.add(transition.getTrigger().getEvent());
        }
        List<dev.jobqueue.lifecycle.Transition> outcomes = new ArrayList<>();
        for (Map.Entry<Integer, Integer> child : parentsOfSubStates(machine).entrySet()) {
            for (JobEvent event : events) {
                for (boolean executionsLeft : new boolean[] {true, false}) {
                    dev.jobqueue.lifecycle.Transition outcome =
                            resolve(machine, bySource, child.getKey(), child.getValue(), event, executionsLeft);
                    if (outcome != null) {
                        outcomes.add(outcome);
                    }
                }
            }
        }
        return outcomes;
    }

    /** The child's transitions first, then its parent's: the first whose guard passes. */
    private static dev.jobqueue.lifecycle.@Nullable Transition resolve(
            StateMachine<Integer, JobEvent> machine,
            Map<Integer, List<Transition<Integer, JobEvent>>> bySource,
            int subState,
            int parent,
            JobEvent event,
            boolean executionsLeft) {
        for (int source : new int[] {subState, parent}) {
            for (Transition<Integer, JobEvent> transition : bySource.getOrDefault(source, List.of())) {
                if (!event.equals(transition.getTrigger().getEvent())) {
                    continue;
                }
                ExtendedState scratch = new DefaultExtendedState();
                scratch.getVariables().put(LifecycleModel.PENDING_EXECUTION, executionsLeft ? 1 : 0);
                StateContext<Integer, JobEvent> context = new DefaultStateContext<>(
                        StateContext.Stage.TRANSITION,
                        null,
                        null,
                        scratch,
                        transition,
                        machine,
                        transition.getSource(),
                        transition.getTarget(),
                        null);
                if (passes(transition.getGuard(), context)) {
                    for (Function<StateContext<Integer, JobEvent>, Mono<Void>> action : transition.getActions()) {
                        action.apply(context).block();
                    }
                    return outcome(subState, transition, executionsLeft, scratch);
                }
            }
        }
        return null;
    }

    private static boolean passes(
            Function<StateContext<Integer, JobEvent>, Mono<Boolean>> guard, StateContext<Integer, JobEvent> context) {
        return guard == null || Boolean.TRUE.equals(guard.apply(context).block());
    }

    @SuppressWarnings("unchecked")
    private static dev.jobqueue.lifecycle.Transition outcome(
            int subState, Transition<Integer, JobEvent> transition, boolean executionsLeft, ExtendedState recorded) {
        Integer pendingDelta = recorded.get(LifecycleModel.PENDING_DELTA, Integer.class);
        Set<Effect> effects = (Set<Effect>) recorded.getVariables().get(LifecycleModel.EFFECTS);
        return new dev.jobqueue.lifecycle.Transition(
                SubState.of(subState),
                transition.getTrigger().getEvent(),
                executionsLeft,
                SubState.of(transition.getTarget().getId()),
                pendingDelta == null ? 0 : pendingDelta,
                effects == null ? Set.of() : effects);
    }

    /** Each child state of the machine (a sub-state code), in order, with its parent state. */
    private static Map<Integer, Integer> parentsOfSubStates(StateMachine<Integer, JobEvent> machine) {
        Map<Integer, Integer> parents = new TreeMap<>();
        for (State<Integer, JobEvent> state : machine.getStates()) {
            if (state instanceof StateMachineState<Integer, JobEvent> parent) {
                for (State<Integer, JobEvent> child : parent.getSubmachine().getStates()) {
                    parents.put(child.getId(), parent.getId());
                }
            }
        }
        return parents;
    }

    /** The transitions of the machine and of its sub-machines, each once. */
    private static Collection<Transition<Integer, JobEvent>> transitionsOf(StateMachine<Integer, JobEvent> machine) {
        Set<Transition<Integer, JobEvent>> all = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(machine, all);
        List<Transition<Integer, JobEvent>> ordered = new ArrayList<>(all);
        ordered.sort(
                (a, b) -> Integer.compare(a.getSource().getId(), b.getSource().getId()));
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
