package dev.jobqueue.reliability;

/**
 * What the scripted handler of the worker application does with one job: the payload of every
 * job of the reliability suite. The invariant checker reads it back from the row and checks each
 * run's outcome against it.
 *
 * @param action one of {@code succeed}, {@code throw} (always fails), {@code fail-first} (fails on
 *     its first attempt only), {@code decline} (declines any retry and fails), {@code reschedule}
 *     (asks to run again 200 ms later until {@code rescheduleUntil}, then succeeds), {@code halt}
 *     (ends the worker's JVM with {@code Runtime.halt}: no shutdown hook, no outcome recorded)
 * @param sleepMillis how long the handler works before it acts
 * @param sleepFirstAttemptOnly whether only the first attempt works that long (a run that hangs
 *     once)
 * @param rescheduleUntil epoch milliseconds; a rescheduled run keeps its attempt number, so the
 *     handler goes by the clock
 * @param hold what the test does with the job while it waits in the custom sub-state
 *     {@link ReliabilityLifecycle#HELD}: {@code ""} (never held), {@code release} (back to 10, then
 *     it runs) or {@code cancel} (to the custom final sub-state {@link ReliabilityLifecycle#CANCELLED})
 */
record Script(String action, long sleepMillis, boolean sleepFirstAttemptOnly, long rescheduleUntil, String hold) {

    Script {
        hold = hold == null ? "" : hold;
    }

    Script(String action, long sleepMillis) {
        this(action, sleepMillis, false, 0, "");
    }

    static Script succeed() {
        return new Script("succeed", 0);
    }

    static Script sleepThenSucceed(long millis) {
        return new Script("succeed", millis);
    }

    /** Works {@code millis} on its first attempt only, then does {@code action}. */
    static Script slowOnce(String action, long millis) {
        return new Script(action, millis, true, 0, "");
    }

    /** Reschedules itself every 200 ms for {@code millis} from now, then succeeds. */
    static Script rescheduleFor(long millis) {
        return new Script("reschedule", 0, false, System.currentTimeMillis() + millis, "");
    }

    /** Ends the worker's JVM at once, as {@code System.exit}, an out-of-memory error or a native crash would. */
    static Script haltTheJvm() {
        return new Script("halt", 0);
    }

    static Script alwaysThrow() {
        return new Script("throw", 0);
    }

    /** The same script for a job the test holds in {@link ReliabilityLifecycle#HELD} and then releases or cancels. */
    Script held(String then) {
        return new Script(action, sleepMillis, sleepFirstAttemptOnly, rescheduleUntil, then);
    }
}
