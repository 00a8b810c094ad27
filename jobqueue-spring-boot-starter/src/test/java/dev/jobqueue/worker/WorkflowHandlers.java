package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handlers of the workflow tests, shared by every node of a test: what they saw is static, so that
 * runs on two application contexts add up.
 */
final class WorkflowHandlers {

    static final JobType MEMBER = JobType.of(31);
    static final JobType NEXT = JobType.of(32);
    static final JobType RESCUE = JobType.of(33);
    static final JobType CALLBACK = JobType.of(34);

    record Member(int n) {}

    /** Runs of each member and of the followers, by node: which application context ran them. */
    static final Map<String, AtomicInteger> MEMBER_RUNS_BY_NODE = new ConcurrentHashMap<>();

    static final Queue<Integer> NEXT_RUNS = new ConcurrentLinkedQueue<>();
    static final Queue<Integer> RESCUE_RUNS = new ConcurrentLinkedQueue<>();
    static final Queue<Map<String, Object>> CALLBACK_PAYLOADS = new ConcurrentLinkedQueue<>();

    /** How long each member run takes; {@link #reset()} sets it back to 0. */
    static volatile long memberMillis;

    static void reset() {
        memberMillis = 0;
        MEMBER_RUNS_BY_NODE.clear();
        NEXT_RUNS.clear();
        RESCUE_RUNS.clear();
        CALLBACK_PAYLOADS.clear();
    }

    private final String node = Integer.toHexString(System.identityHashCode(this));

    /** Fails every member whose number is a multiple of 7. */
    @JobHandler(id = 31, name = "member")
    void member(Member member, JobContext context) {
        MEMBER_RUNS_BY_NODE.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
        if (memberMillis > 0) {
            try {
                Thread.sleep(memberMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (member.n() % 7 == 0) {
            throw new IllegalStateException("member " + member.n() + " fails");
        }
    }

    @JobHandler(id = 32, name = "next")
    void next(Member member) {
        NEXT_RUNS.add(member.n());
    }

    @JobHandler(id = 33, name = "rescue")
    void rescue(Member member) {
        RESCUE_RUNS.add(member.n());
    }

    @JobHandler(id = 34, name = "callback")
    void callback(Map<String, Object> payload) {
        CALLBACK_PAYLOADS.add(payload);
    }
}
