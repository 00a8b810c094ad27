package dev.jobqueue.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.internal.LifecycleModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.support.DefaultExtendedState;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import reactor.core.publisher.Mono;

/**
 * Drives a real Spring state machine through every (sub-state, event, executions left)
 * combination and checks that the compiled table gives the same answer.
 */
class JobLifecycleEquivalenceTests {

    /** An event no sub-state takes: both sides must refuse it everywhere. */
    private static final JobEvent FOREIGN = JobEvent.of("foreign");

    @Test
    void compiledStandardTableAgreesWithTheSpringMachineForEveryCombination() {
        JobLifecycle lifecycle = JobLifecycle.standard();

        List<String> answers = compareEveryCombination(lifecycle);

        assertThat(answers).hasSize(12 * (12 + 1) * 2);
    }

    @Test
    void compiledCustomTableAgreesWithTheSpringMachineForEveryCombination() {
        JobLifecycle lifecycle = CustomLifecycles.approvalCallbackAndPoisonLifecycle();

        List<String> answers = compareEveryCombination(lifecycle);

        assertThat(answers).hasSize(15 * (17 + 1) * 2);
        assertThat(answers)
                .contains(
                        "12 approve left -> 10",
                        "46 revive none -> 10",
                        "21 COMPLETE left -> 30 [COMPLETE_CORRELATED]",
                        "10 CLAIM left -> 20 pending -1",
                        "12 CLAIM left refused");
    }

    @Test
    void compiledTableResolvesTheHierarchyAsTheSpringMachineDoesWithOverridesOnOneGuardInput() {
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(CustomLifecycles.approvalCallbackAndPoison())
                .customize(definition -> definition
                        .subState(SubState.of(33), "done-while-held")
                        .transition(
                                CustomLifecycles.AWAITING_APPROVAL, JobEvent.COMPLETE_BY_CORRELATION, SubState.of(33))
                        .transitionIfNoExecutionsLeft(
                                CustomLifecycles.AWAITING_CALLBACK, JobEvent.LOSE_LEASE, SubState.FAILED_APPLICATION)
                        .transition(JobState.SCHEDULED, JobEvent.of("cancel"), SubState.FAILED_RETRY_DECLINED))
                .build();

        List<String> answers = compareEveryCombination(lifecycle);

        assertThat(answers)
                .contains(
                        "12 COMPLETE_BY_CORRELATION left -> 33",
                        "10 COMPLETE_BY_CORRELATION none -> 31",
                        "21 LOSE_LEASE none -> 42",
                        "21 LOSE_LEASE left -> 41 [SCHEDULE_RETRY]",
                        "11 cancel left -> 45",
                        "12 cancel none -> 45",
                        "20 cancel left refused",
                        "21 RELEASE none -> 10 pending 1");
    }

    private static List<String> compareEveryCombination(JobLifecycle lifecycle) {
        List<JobEvent> events = new ArrayList<>(lifecycle.events());
        events.add(FOREIGN);
        List<String> answers = new ArrayList<>();
        for (SubState subState : lifecycle.subStates()) {
            for (JobEvent event : events) {
                for (boolean executionsLeft : new boolean[] {true, false}) {
                    String machine = machineAnswer(lifecycle, subState, event, executionsLeft);
                    String table = tableAnswer(lifecycle, subState, event, executionsLeft);
                    assertThat(table).as("compiled table vs Spring machine").isEqualTo(machine);
                    answers.add(table);
                }
            }
        }
        return answers;
    }

    private static String machineAnswer(JobLifecycle lifecycle, SubState from, JobEvent event, boolean executionsLeft) {
        StateMachine<Integer, JobEvent> machine = LifecycleModel.newMachine(lifecycle.declarations());
        DefaultExtendedState extendedState = new DefaultExtendedState();
        extendedState.getVariables().put(LifecycleModel.PENDING_EXECUTION, executionsLeft ? 3 : 0);
        machine.getStateMachineAccessor()
                .doWithAllRegions(access -> access.resetStateMachineReactively(
                                new DefaultStateMachineContext<>(from.code(), null, null, extendedState))
                        .block());
        machine.startReactively().block();
        assertThat(leaf(machine)).as("machine started in %s", from).isEqualTo(from.code());
        List<StateMachineEventResult<Integer, JobEvent>> results = machine.sendEvent(
                        Mono.just(MessageBuilder.withPayload(event).build()))
                .collectList()
                .block();
        boolean accepted = Objects.requireNonNull(results).stream()
                .anyMatch(result -> result.getResultType() == ResultType.ACCEPTED);
        Object delta = machine.getExtendedState().getVariables().get(LifecycleModel.PENDING_DELTA);
        Object effects = machine.getExtendedState().getVariables().get(LifecycleModel.EFFECTS);
        machine.stopReactively().block();
        if (!accepted) {
            assertThat(leaf(machine))
                    .as("a refused event leaves the machine in %s", from)
                    .isEqualTo(from.code());
            assertThat(delta).as("a refused event runs no action").isNull();
            return describeRefusal(from, event, executionsLeft);
        }
        return describe(from, event, executionsLeft, leaf(machine), (Integer) delta, (Set<?>) effects);
    }

    private static String tableAnswer(JobLifecycle lifecycle, SubState from, JobEvent event, boolean executionsLeft) {
        try {
            Transition transition =
                    lifecycle.transition(from.state().code(), from.code(), event, executionsLeft ? 3 : 0);
            return describe(
                    from,
                    event,
                    executionsLeft,
                    transition.to().code(),
                    transition.pendingDelta(),
                    transition.effects());
        } catch (IllegalTransitionException ex) {
            return describeRefusal(from, event, executionsLeft);
        }
    }

    private static int leaf(StateMachine<Integer, JobEvent> machine) {
        return machine.getState().getIds().stream()
                .filter(id -> id >= 10)
                .findFirst()
                .orElseThrow();
    }

    private static String describe(
            SubState from, JobEvent event, boolean executionsLeft, int to, int pendingDelta, Set<?> effects) {
        return from + " " + event + (executionsLeft ? " left" : " none") + " -> " + to
                + (pendingDelta != 0 ? " pending " + pendingDelta : "") + (effects.isEmpty() ? "" : " " + effects);
    }

    private static String describeRefusal(SubState from, JobEvent event, boolean executionsLeft) {
        return from + " " + event + (executionsLeft ? " left" : " none") + " refused";
    }
}
