package dev.jobqueue.worker;

import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.PayloadJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * All workers of this node: for each handler a {@link TypeWorker} with its executor, a
 * {@link Poller} per served tenant, automatic heartbeats for running jobs, recovery of
 * expired leases, and a graceful shutdown that stops claiming, lets running handlers finish
 * within the timeout and leaves the rest to lease recovery.
 *
 * @since 0.1.0
 */
public final class JobWorkers implements SmartLifecycle {

    private static final Logger LOGGER = LoggerFactory.getLogger(JobWorkers.class);

    private final JobQueue queue;
    private final JobHandlerRegistry handlers;
    private final Function<HandlerMethod, TypeSettings> typeSettings;
    private final List<Tenant> tenants;
    private final WorkerSettings settings;
    private final JsonMapper json;
    private final JobQueueObserver observer;
    private final LocalWakeups wakeups;
    private final List<TypeWorker> workers = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final List<Poller> pollers = new ArrayList<>();
    private final List<Thread> pollerThreads = new ArrayList<>();
    private ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor();
    private final PauseWatch pauses;
    private volatile boolean running;

    public JobWorkers(JobQueue queue, JobHandlerRegistry handlers, Function<HandlerMethod, TypeSettings> typeSettings,
            List<Tenant> tenants, WorkerSettings settings, JsonMapper json, JobQueueObserver observer,
            LocalWakeups wakeups) {
        this.queue = queue;
        this.handlers = handlers;
        this.typeSettings = typeSettings;
        this.tenants = List.copyOf(tenants);
        this.settings = settings;
        this.json = PayloadJson.of(json);
        this.observer = observer;
        this.wakeups = wakeups;
        this.pauses = new PauseWatch(queue, settings.pollInterval().dividedBy(2));
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        maintenance = Executors.newSingleThreadScheduledExecutor(named("jobqueue-maintenance"));
        for (HandlerMethod handler : handlers.all()) {
            TypeSettings type = typeSettings.apply(handler);
            ExecutorService executor = newExecutor(handler, type);
            TypeWorker worker = new TypeWorker(handler, type, queue, json, observer, executor,
                    settings.pollInterval());
            worker.start();
            workers.add(worker);
            executors.add(executor);
            for (Tenant tenant : tenants) {
                startPoller(worker, tenant);
            }
            long heartbeatMillis = type.heartbeatInterval().toMillis();
            maintenance.scheduleWithFixedDelay(() -> heartbeat(worker), heartbeatMillis, heartbeatMillis,
                    TimeUnit.MILLISECONDS);
            LOGGER.info("Workers for {} (type {}) started: concurrency {}, batch {}, lease {}, tenants {}",
                    handler.name(), handler.type(), type.concurrency(), type.batchSize(), type.lease(), tenants);
        }
        long recoveryMillis = settings.recoveryInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::recoverExpiredLeases, recoveryMillis / 2, recoveryMillis,
                TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        LOGGER.info("Stopping workers: no more claims; waiting up to {} for running jobs", settings.shutdownTimeout());
        pollers.forEach(Poller::stop);
        pollers.forEach(wakeups::unregister);
        // A poller inside a claim hands its jobs to the executor after the commit: the
        // executors may only refuse work once no poller can claim any more.
        joinPollers();
        executors.forEach(ExecutorService::shutdown);
        boolean finished = awaitExecutors(settings.shutdownTimeout());
        if (!finished) {
            workers.forEach(TypeWorker::abandon);
            int left = workers.stream().mapToInt(w -> w.inFlight().size()).sum();
            LOGGER.warn("{} jobs still running after {}; leaving them to lease recovery", left,
                    settings.shutdownTimeout());
        }
        for (TypeWorker worker : workers) {
            try {
                worker.stopCompletions();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        maintenance.shutdownNow();
        executors.forEach(ExecutorService::shutdownNow);
        workers.clear();
        executors.clear();
        pollers.clear();
        pollerThreads.clear();
        LOGGER.info("Workers stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server and other phases that may still schedule jobs. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    /** The pollers of this node and when each last finished a claim, for health checks. */
    public Map<String, Instant> lastPolls() {
        Map<String, Instant> polls = new java.util.TreeMap<>();
        pollers.forEach(p -> polls.put(p.type() + "/" + p.tenant(), p.lastPoll()));
        return polls;
    }

    /**
     * The pauses in force as this node last read them (at most half a poll interval ago while it
     * polls), without a query.
     *
     * @since 0.2.0
     */
    public List<PausedQueue> pausedQueues() {
        return pauses.lastRead();
    }

    /**
     * How many of the (type, tenant) queues this node serves are paused, as last read.
     *
     * @since 0.2.0
     */
    public int pausedServedQueues() {
        List<PausedQueue> paused = pauses.lastRead();
        return (int) pollers.stream().filter(p -> PauseWatch.covers(paused, p.type(), p.tenant())).count();
    }

    private void startPoller(TypeWorker worker, Tenant tenant) {
        Poller poller = new Poller(worker, tenant, settings, pauses);
        Thread thread = new Thread(poller, "jobqueue-poll-" + worker.name() + "-" + tenant);
        thread.setDaemon(true);
        pollers.add(poller);
        pollerThreads.add(thread);
        wakeups.register(poller);
        thread.start();
    }

    private void heartbeat(TypeWorker worker) {
        List<ClaimedJob> jobs = worker.inFlight().stream().map(JobRun::job).toList();
        if (jobs.isEmpty()) {
            return;
        }
        try {
            int held = queue.heartbeatAll(jobs, worker.settings().lease());
            if (held < jobs.size()) {
                noticeCancels(worker);
                // Usually jobs whose outcome was written since the snapshot; a job really taken
                // away shows when its outcome is refused, which is logged at WARN.
                LOGGER.debug("{} of {} running {} jobs were no longer held at their heartbeat", jobs.size() - held,
                        jobs.size(), worker.name());
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Heartbeat of {} running {} jobs failed; trying again", jobs.size(), worker.name(), e);
        }
    }

    /**
     * Tells the handlers of jobs an operator cancelled (issue #14), and interrupts those still
     * running after the type's cancel grace.
     */
    private void noticeCancels(TypeWorker worker) {
        List<JobRun> runs = worker.inFlight();
        List<ClaimedJob> cancelled = queue.cancelledAmong(runs.stream().map(JobRun::job).toList());
        for (ClaimedJob job : cancelled) {
            runs.stream().filter(run -> run.job().id().equals(job.id())).filter(JobRun::markCancelled)
                    .forEach(run -> {
                        Duration grace = worker.settings().cancelGrace();
                        LOGGER.info("{} {} was cancelled; its handler is interrupted if it still runs in {}",
                                worker.name(), job, grace);
                        maintenance.schedule(() -> {
                            if (run.interruptHandler()) {
                                LOGGER.info("{} {} still ran {} after its cancel: interrupted", worker.name(), job,
                                        grace);
                            }
                        }, grace.toMillis(), TimeUnit.MILLISECONDS);
                    });
        }
    }

    private void recoverExpiredLeases() {
        for (TypeWorker worker : workers) {
            for (Tenant tenant : tenants) {
                try {
                    int recovered = queue.recoverExpiredLeases(tenant, worker.type(), 100, worker.retryPolicy());
                    if (recovered > 0) {
                        LOGGER.warn("Recovered {} {} jobs of tenant {} whose worker lost its lease", recovered,
                                worker.name(), tenant);
                        observer.recovered(worker.type(), tenant, recovered);
                    }
                } catch (RuntimeException e) {
                    LOGGER.warn("Lease recovery of {} jobs for tenant {} failed; trying again in {}", worker.name(),
                            tenant, settings.recoveryInterval(), e);
                }
            }
        }
    }

    private ExecutorService newExecutor(HandlerMethod handler, TypeSettings type) {
        ThreadFactory threads = settings.virtualThreads() ? VirtualThreads.factory("jobqueue-" + handler.name() + "-")
                : null;
        if (threads == null) {
            threads = named("jobqueue-" + handler.name());
        }
        return Executors.newFixedThreadPool(type.concurrency(), threads);
    }

    private boolean awaitExecutors(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (ExecutorService executor : executors) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !executor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Pollers blocked waiting for a free slot of a hung handler are interrupted. */
    private void joinPollers() {
        for (Thread thread : pollerThreads) {
            try {
                thread.join(1_000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
