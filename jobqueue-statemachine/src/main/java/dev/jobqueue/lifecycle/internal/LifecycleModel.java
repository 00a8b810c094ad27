package dev.jobqueue.lifecycle.internal;

import dev.jobqueue.lifecycle.JobEvent;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.builders.StateMachineStateConfigurer;
import org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer;
import org.springframework.statemachine.config.configurers.ExternalTransitionConfigurer;

/**
 * The lifecycle as a hierarchical Spring state machine: the states 1..4 are parent states, the
 * sub-states their children, identified by their codes. A transition declared on a state has the
 * parent state as its source, so Spring offers it to every child that has no transition of its
 * own for the event and guard input. Guards read the extended-state variable
 * {@value #PENDING_EXECUTION}; actions record {@value #PENDING_DELTA} and {@value #EFFECTS}.
 *
 * <p>jobqueue builds one machine per lifecycle, once, and only to compile it; tests build more
 * to check that the compiled table and the machine agree.
 *
 * @since 0.1.0
 */
public final class LifecycleModel {

    /** Extended-state variable read by the guards: the job's {@code pending_execution}. */
    public static final String PENDING_EXECUTION = "pendingExecution";
    /** Extended-state variable written by the actions: the change of {@code pending_execution}. */
    public static final String PENDING_DELTA = "pendingDelta";
    /** Extended-state variable written by the actions: the {@code Set<Effect>} of the transition. */
    public static final String EFFECTS = "effects";

    private LifecycleModel() {}

    /** Builds a new machine, not started, for validated declarations. */
    public static StateMachine<Integer, JobEvent> newMachine(LifecycleDeclarations declarations) {
        StateMachineBuilder.Builder<Integer, JobEvent> builder = StateMachineBuilder.builder();
        try {
            builder.configureConfiguration()
                    .withConfiguration()
                    .autoStartup(false)
                    .machineId("jobqueue-lifecycle");
            configureStates(builder.configureStates(), declarations);
            configureTransitions(builder.configureTransitions(), declarations);
        } catch (Exception ex) {
            throw new IllegalStateException("Spring Statemachine refused the lifecycle model: " + ex.getMessage(), ex);
        }
        return builder.build();
    }

    private static void configureStates(
            StateMachineStateConfigurer<Integer, JobEvent> states, LifecycleDeclarations declarations)
            throws Exception {
        Map<Integer, Set<Integer>> children = new TreeMap<>();
        for (SubStateDeclaration subState : declarations.subStates()) {
            children.computeIfAbsent(subState.stateCode(), parent -> new TreeSet<>())
                    .add(subState.code());
        }
        states.withStates().initial(1).states(Set.copyOf(children.keySet()));
        for (Map.Entry<Integer, Set<Integer>> parent : children.entrySet()) {
            TreeSet<Integer> codes = new TreeSet<>(parent.getValue());
            // The first code is only the region's default entry: every transition names its target.
            states.withStates().parent(parent.getKey()).initial(codes.first()).states(codes);
        }
    }

    private static void configureTransitions(
            StateMachineTransitionConfigurer<Integer, JobEvent> transitions, LifecycleDeclarations declarations)
            throws Exception {
        for (TransitionDeclaration declaration : declarations.transitions()) {
            ExternalTransitionConfigurer<Integer, JobEvent> external = transitions
                    .withExternal()
                    .source(declaration.from())
                    .target(declaration.to())
                    .event(declaration.event())
                    .actionFunction(new RecordOutcomeAction(declaration.pendingDelta(), declaration.effects()));
            if (declaration.condition() != ExecutionsCondition.ANY) {
                external.guard(new PendingExecutionGuard(declaration.condition()));
            }
        }
    }
}
