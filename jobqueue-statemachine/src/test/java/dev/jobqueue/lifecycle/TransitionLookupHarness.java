package dev.jobqueue.lifecycle;

import dev.jobqueue.lifecycle.internal.LifecycleModel;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.support.DefaultExtendedState;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import reactor.core.publisher.Mono;

/**
 * Measures the cost of a table lookup against a Spring state machine per call. Not a unit test:
 * run it by hand, as docs/lifecycle.md says:
 *
 * <pre>
 * ./mvnw -q -o -pl jobqueue-statemachine test-compile exec:java
 * </pre>
 */
public final class TransitionLookupHarness {

    private static final int[][] ROWS = {{1, 10}, {1, 11}, {2, 20}, {2, 10}, {2, 20}, {2, 20}, {2, 20}, {2, 11}};
    private static final JobEvent[] EVENTS = {
        JobEvent.CLAIM,
        JobEvent.CLAIM,
        JobEvent.COMPLETE,
        JobEvent.FAIL_RETRY,
        JobEvent.LOSE_LEASE,
        JobEvent.RESCHEDULE,
        JobEvent.DECLINE_RETRY,
        JobEvent.FAIL_NOT_RETRYABLE
    };
    private static final int ROUNDS = 7;

    private TransitionLookupHarness() {}

    public static void main(String[] args) {
        int lookups = args.length > 0 ? Integer.parseInt(args[0]) : 20_000_000;
        int machines = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        long firstBuild = System.nanoTime();
        JobLifecycle lifecycle = JobLifecycle.standard();
        double firstBuildMillis = (System.nanoTime() - firstBuild) / 1e6;
        System.out.printf(
                Locale.ROOT,
                "JVM %s %s, %d processors%n",
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        double tableNanos = median(ROUNDS, () -> timeLookups(lifecycle, lookups));
        double bytes = bytesPerLookup(lifecycle, lookups);
        JobLifecycle custom = CustomLifecycles.approvalCallbackAndPoisonLifecycle();
        double customNanos = median(ROUNDS, () -> timeCustomLookups(custom, lookups));
        double machineNanos = median(ROUNDS, () -> timeMachines(lifecycle, machines));
        double buildMillis = median(ROUNDS, () -> timeBuilds(20)) / 1e6;

        System.out.printf(
                Locale.ROOT,
                "table lookup:                  %8.1f ns/op, %.3f bytes/op" + " (%,d lookups a round)%n",
                tableNanos,
                bytes,
                lookups);
        System.out.printf(Locale.ROOT, "table lookup, custom events:   %8.1f ns/op%n", customNanos);
        System.out.printf(
                Locale.ROOT,
                "Spring state machine per call: %8.1f ns/op (%,d machines a round)%n",
                machineNanos,
                machines);
        System.out.printf(Locale.ROOT, "ratio: the table is %,.0f times faster%n", machineNanos / tableNanos);
        System.out.printf(
                Locale.ROOT,
                "building the standard lifecycle: %.0f ms the first time (class loading)," + " %.1f ms after%n",
                firstBuildMillis,
                buildMillis);
    }

    /** Times one round and returns nanoseconds per operation. */
    private interface Round {
        double nanosPerOp();
    }

    /** Runs one round to warm up, then {@code rounds} timed rounds; returns their median. */
    private static double median(int rounds, Round round) {
        round.nanosPerOp();
        double[] results = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            results[i] = round.nanosPerOp();
        }
        Arrays.sort(results);
        return results[rounds / 2];
    }

    private static double timeLookups(JobLifecycle lifecycle, int count) {
        long start = System.nanoTime();
        long sink = lookups(lifecycle, count);
        long elapsed = System.nanoTime() - start;
        consume(sink);
        return (double) elapsed / count;
    }

    private static long lookups(JobLifecycle lifecycle, int count) {
        long sink = 0;
        for (int i = 0; i < count; i++) {
            int input = i & 7;
            Transition transition = lifecycle.transition(ROWS[input][0], ROWS[input][1], EVENTS[input], i & 3);
            sink += transition.to().code() + transition.pendingDelta();
        }
        return sink;
    }

    private static double timeBuilds(int count) {
        long start = System.nanoTime();
        long sink = 0;
        for (int i = 0; i < count; i++) {
            sink += JobLifecycle.builder().build().transitions().size();
        }
        long elapsed = System.nanoTime() - start;
        consume(sink);
        return (double) elapsed / count;
    }

    /** Custom events are found by hash, built-in ones by index. */
    private static double timeCustomLookups(JobLifecycle lifecycle, int count) {
        long start = System.nanoTime();
        long sink = 0;
        for (int i = 0; i < count; i++) {
            boolean hold = (i & 1) == 0;
            Transition transition = lifecycle.transition(
                    1, hold ? 10 : 12, hold ? CustomLifecycles.HOLD : CustomLifecycles.APPROVE, i & 3);
            sink += transition.to().code();
        }
        long elapsed = System.nanoTime() - start;
        consume(sink);
        return (double) elapsed / count;
    }

    private static double bytesPerLookup(JobLifecycle lifecycle, int count) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)) {
            return Double.NaN;
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        long sink = lookups(lifecycle, count);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        consume(sink);
        return (double) allocated / count;
    }

    private static double timeMachines(JobLifecycle lifecycle, int count) {
        long start = System.nanoTime();
        long sink = 0;
        for (int i = 0; i < count; i++) {
            int input = i & 7;
            sink += machineAnswer(lifecycle, ROWS[input][0] == 2 ? 20 : ROWS[input][1], EVENTS[input], i & 3);
        }
        long elapsed = System.nanoTime() - start;
        consume(sink);
        return (double) elapsed / count;
    }

    /** What it would cost to ask Spring for each transition: build, reset, start, send. */
    private static int machineAnswer(JobLifecycle lifecycle, int subState, JobEvent event, int pendingExecution) {
        StateMachine<Integer, JobEvent> machine = LifecycleModel.newMachine(lifecycle.declarations());
        DefaultExtendedState extendedState = new DefaultExtendedState();
        extendedState.getVariables().put(LifecycleModel.PENDING_EXECUTION, pendingExecution);
        machine.getStateMachineAccessor()
                .doWithAllRegions(access -> access.resetStateMachineReactively(
                                new DefaultStateMachineContext<>(subState, null, null, extendedState))
                        .block());
        machine.startReactively().block();
        machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast();
        int landed = machine.getState().getIds().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
        machine.stopReactively().block();
        return landed;
    }

    private static void consume(long sink) {
        if (sink == 42) {
            System.out.println("(sink)");
        }
    }
}
