package dev.jobqueue.reliability;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobLostException;
import dev.jobqueue.persistence.internal.JobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.dao.PessimisticLockingFailureException;

/**
 * The work of one process in {@link CrossProcessLockContentionIntegrationTests}: one thread that
 * schedules jobs sharing a few correlation ids, and claims and completes them. A completion that
 * completes its correlated siblings walks {@code correlation_index} while the other process's
 * claims lock rows in {@code claim_index} order: InnoDB picks deadlock victims and makes
 * statements wait.
 */
final class ContendingWorkload {

    static final JobType TYPE = JobType.of(1);
    static final Tenant TENANT = Tenant.of(1);
    private static final int ROUNDS = 60;
    private static final int JOBS_PER_ROUND = 40;

    final Set<JobId> scheduled = ConcurrentHashMap.newKeySet();
    final List<JobId> claimed = Collections.synchronizedList(new ArrayList<>());
    final Set<JobId> completed = ConcurrentHashMap.newKeySet();
    final Set<JobId> lost = ConcurrentHashMap.newKeySet();
    final AtomicInteger surfaced = new AtomicInteger();
    private final JobQueue queue;
    private final boolean oneByOne;

    /**
     * One thread, so that every lock conflict it meets is with the other process.
     *
     * @param oneByOne whether it completes its jobs one by one, else each batch with one call
     */
    ContendingWorkload(JobQueue queue, boolean oneByOne) {
        this.queue = queue;
        this.oneByOne = oneByOne;
    }

    /** Schedules its rounds, claiming and completing after each, then claims until three come back empty. */
    void run() {
        for (int round = 0; round < ROUNDS; round++) {
            scheduled.addAll(untilDone(() -> queue.scheduleAll(correlatedJobs())));
            drain(oneByOne, 1);
        }
        drain(oneByOne, 3);
    }

    /** Claims and completes until {@code empties} claims in a row found nothing. */
    void drain(boolean oneByOne, int empties) {
        int empty = 0;
        while (empty < empties) {
            List<ClaimedJob> batch = untilDone(() -> queue.claim(TENANT, TYPE, 10, Duration.ofMinutes(5)))
                    .jobs();
            if (batch.isEmpty()) {
                empty++;
                continue;
            }
            empty = 0;
            batch.forEach(job -> claimed.add(job.id()));
            if (oneByOne) {
                for (ClaimedJob job : batch) {
                    try {
                        untilDone(() -> queue.complete(job));
                        completed.add(job.id());
                    } catch (JobLostException e) {
                        lost.add(job.id());
                    }
                }
            } else {
                List<ClaimedJob> refused = untilDone(() -> queue.completeAll(batch));
                refused.forEach(job -> lost.add(job.id()));
                batch.stream().filter(job -> !refused.contains(job)).forEach(job -> completed.add(job.id()));
            }
        }
    }

    /** A lock error that reaches the caller changed nothing: a caller runs the operation again. */
    private <T> T untilDone(Supplier<T> operation) {
        while (true) {
            try {
                return operation.get();
            } catch (PessimisticLockingFailureException e) {
                surfaced.incrementAndGet();
            }
        }
    }

    private static List<NewJob> correlatedJobs() {
        List<NewJob> jobs = new ArrayList<>(JOBS_PER_ROUND);
        for (int i = 0; i < JOBS_PER_ROUND; i++) {
            jobs.add(NewJob.of(TYPE)
                    .tenant(TENANT)
                    .correlationId("order-" + ThreadLocalRandom.current().nextInt(16)));
        }
        return jobs;
    }
}
