package dev.jobqueue.reliability;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.lifecycle.IllegalTransitionException;
import dev.jobqueue.persistence.internal.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Jobs the test holds in {@link ReliabilityLifecycle#HELD} right after scheduling them, and
 * later releases (back to 10, so they run) or cancels (into {@link ReliabilityLifecycle#CANCELLED}),
 * as their {@link Script#hold()} says. Not thread-safe: one producer uses it.
 */
final class Holds {

    /** How far ahead a job to hold is due, so that no worker claims it before the hold. */
    static final Duration HOLD_AHEAD = Duration.ofSeconds(10);

    private record Held(JobId id, String then, Instant since) {}

    private final JobQueue queue;
    private final Deque<Held> waiting = new ArrayDeque<>();
    private int released;
    private int cancelled;
    private int doneBeforeHold;
    private int doneWhileHeld;

    Holds(JobQueue queue) {
        this.queue = queue;
    }

    /** Holds each of the just scheduled {@code jobs} whose script asks for it. */
    void hold(List<NewJob> jobs, List<JobId> ids) {
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).properties() instanceof Script script
                    && !script.hold().isEmpty()) {
                try {
                    queue.fire(ids.get(i), ReliabilityLifecycle.HOLD, null);
                    waiting.add(new Held(ids.get(i), script.hold(), Instant.now()));
                } catch (IllegalTransitionException e) {
                    // A sibling's success completed it by correlation (31) before the hold.
                    doneBeforeHold++;
                }
            }
        }
    }

    /** Releases or cancels every job held for at least {@code after}. */
    void settle(Duration after) {
        Instant before = Instant.now().minus(after);
        while (!waiting.isEmpty() && !waiting.peekFirst().since().isAfter(before)) {
            Held held = waiting.removeFirst();
            boolean cancel = held.then().equals("cancel");
            try {
                queue.fire(held.id(), cancel ? ReliabilityLifecycle.CANCEL : ReliabilityLifecycle.UNHOLD, null);
            } catch (IllegalTransitionException e) {
                // Held is a child of SCHEDULED: a sibling's success completed it by correlation (31).
                doneWhileHeld++;
                continue;
            }
            if (cancel) {
                cancelled++;
            } else {
                released++;
            }
        }
    }

    int cancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "held and released " + released + ", held and cancelled " + cancelled
                + ", done by correlation before the hold " + doneBeforeHold + ", while held " + doneWhileHeld;
    }
}
