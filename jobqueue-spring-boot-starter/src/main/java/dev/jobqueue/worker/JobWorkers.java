package dev.jobqueue.worker;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.handler.JobListener;
import dev.jobqueue.handler.JobOutcome;
import dev.jobqueue.internal.DaemonScheduler;
import dev.jobqueue.observation.JobRunObservationConvention;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.PayloadJson;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
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
 * <p>The workers start with the application context unless {@code jobqueue.worker.auto-startup}
 * is {@code false}; then the node starts paused and an application starts and stops its workers
 * with {@link #start()} and {@link #stop()}, as often as it likes ({@link #isRunning()} says
 * which). Stopping is the graceful shutdown above; a stopped node still schedules jobs and
 * answers queries, it only runs none.
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
    private final JobListeners listeners;
    // Read by the maintenance thread (heartbeats, held jobs) while stop() clears it.
    private final List<TypeWorker> workers = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final List<Poller> pollers = new ArrayList<>();
    private final List<Thread> pollerThreads = new ArrayList<>();
    private @Nullable DaemonScheduler maintenance;
    private final PauseWatch pauses;
    private volatile boolean running;
    private volatile boolean autoStartup = true;
    private final FaultSettings faults;
    private final OutageLog outages = new OutageLog();
    private @Nullable NodeHeartbeat nodeHeartbeat;
    private HandlerObservation observation = HandlerObservation.NONE;

    public JobWorkers(
            JobQueue queue,
            JobHandlerRegistry handlers,
            Function<HandlerMethod, TypeSettings> typeSettings,
            List<Tenant> tenants,
            WorkerSettings settings,
            JsonMapper json,
            JobQueueObserver observer,
            LocalWakeups wakeups) {
        this(
                queue,
                handlers,
                typeSettings,
                tenants,
                settings,
                json,
                observer,
                wakeups,
                List.of(),
                FaultSettings.defaults());
    }

    /**
     * Workers that tell {@code listeners} the committed outcome of every job they run, and of
     * every job whose expired lease they recover; they record failure reasons and register this
     * node as {@code faults} says.
     *
     * @since 0.2.0
     */
    public JobWorkers(
            JobQueue queue,
            JobHandlerRegistry handlers,
            Function<HandlerMethod, TypeSettings> typeSettings,
            List<Tenant> tenants,
            WorkerSettings settings,
            JsonMapper json,
            JobQueueObserver observer,
            LocalWakeups wakeups,
            List<JobListener> listeners,
            FaultSettings faults) {
        this.faults = faults;
        this.queue = queue;
        this.handlers = handlers;
        this.typeSettings = typeSettings;
        this.tenants = List.copyOf(tenants);
        this.settings = settings;
        this.json = PayloadJson.of(json);
        this.observer = observer;
        this.wakeups = wakeups;
        this.listeners = new JobListeners(listeners);
        this.pauses = new PauseWatch(queue, settings.pollInterval().dividedBy(2));
    }

    /**
     * Starts the workers: pollers claim jobs for every handler and tenant, heartbeats and lease
     * recovery run. Does nothing when they are running.
     */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        DaemonScheduler maintenance = DaemonScheduler.named("jobqueue-maintenance");
        this.maintenance = maintenance;
        outages.start();
        for (HandlerMethod handler : handlers.all()) {
            TypeSettings type = typeSettings.apply(handler);
            ExecutorService executor = newExecutor(handler, type);
            // A type under flow limits claims only for free handlers: a buffered job would hold a
            // share of the cluster's cap (or a start of the rate limit) without running.
            TypeWorker worker = newTypeWorker(
                    handler,
                    type,
                    executor,
                    queue.flowLimits().limits(handler.type()) ? Duration.ZERO : settings.pollInterval());
            worker.start();
            workers.add(worker);
            executors.add(executor);
            for (Tenant tenant : tenants) {
                startPoller(worker, tenant);
            }
            maintenance.repeat(type.heartbeatInterval(), type.heartbeatInterval(), () -> heartbeat(worker));
            scheduleTimeouts(maintenance, worker);
            LOGGER.info(
                    "Workers for {} (type {}) started: concurrency {}, batch {}, lease {}, tenants {}",
                    handler.name(),
                    handler.type(),
                    type.concurrency(),
                    type.claimSizing(),
                    type.lease(),
                    tenants);
        }
        maintenance.repeat(
                settings.recoveryInterval().dividedBy(2), settings.recoveryInterval(), this::recoverExpiredLeases);
        startNodeHeartbeat(maintenance);
        maintenance.repeat(Duration.ofSeconds(1), Duration.ofSeconds(1), observation::deleteEnded);
        running = true;
    }

    /**
     * Stops the workers gracefully: no more claims, running handlers finish within
     * {@code jobqueue.worker.shutdown-timeout}, and what is still running then is left to lease
     * recovery. Does nothing when they are stopped; {@link #start()} starts them again.
     */
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
            int left = workers.stream().mapToInt(w -> w.leased().size()).sum();
            LOGGER.warn(
                    "{} jobs still running after {}; leaving them to lease recovery", left, settings.shutdownTimeout());
        }
        for (TypeWorker worker : workers) {
            try {
                worker.stopCompletions();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        outages.stop();
        if (maintenance != null) {
            maintenance.close();
            maintenance = null;
        }
        observation.deleteEnded();
        if (nodeHeartbeat != null) {
            nodeHeartbeat.remove();
        }
        executors.forEach(ExecutorService::shutdownNow);
        workers.clear();
        executors.clear();
        pollers.clear();
        pollerThreads.clear();
        LOGGER.info("Workers stopped");
    }

    /** Whether the workers are running: started, and not stopped since. */
    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether the application context starts the workers; {@code jobqueue.worker.auto-startup}. */
    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    /**
     * Whether the application context starts the workers when it starts; when false they wait
     * for {@link #start()}.
     *
     * @since 0.2.0
     */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    /**
     * Observes every handler run that starts after the next {@link #start()} as one
     * {@code jobqueue.run} observation in {@code registry}, named and tagged by {@code convention}
     * (null for {@link dev.jobqueue.observation.DefaultJobRunObservationConvention}). With a tracer
     * among the registry's handlers, each run continues the trace its job was scheduled in.
     *
     * @since 0.2.0
     */
    public void setObservationRegistry(ObservationRegistry registry, @Nullable JobRunObservationConvention convention) {
        this.observation = new HandlerObservation(registry, convention, queue);
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
        return (int) pollers.stream()
                .filter(p -> PauseWatch.covers(paused, p.type(), p.tenant()))
                .count();
    }

    /**
     * Runs every job that is due now, on the calling thread, and returns when none is left: for
     * every handler and served tenant it claims the due jobs, runs each through its handler and
     * records the outcome, with the code the workers use (claim, run, record the completion,
     * failure, retry or reschedule, tell the listeners, count the meters). Jobs that become due
     * while it runs (a retry without delay, a job a handler scheduled for now) run too; a job due
     * later, in a paused queue, or in a held sub-state does not. For tests and tools that want
     * the queue worked off at a point of their choosing; the workers must be stopped
     * ({@code jobqueue.worker.auto-startup=false}, or {@link #stop()}).
     *
     * <p>No timeout is enforced and no heartbeat is sent meanwhile: a handler that runs longer than
     * its type's lease may find its job recovered by another node.
     *
     * @return the ids of the jobs that ran, in the order they ran
     * @throws IllegalStateException while the workers run, or when more than
     *     {@value DueRun#MAX_RUNS} runs did not empty the queue (handlers that keep scheduling
     *     jobs due at once)
     * @since 0.2.0
     */
    public synchronized List<JobId> runDue() {
        if (running) {
            throw new IllegalStateException("runDue() runs jobs only while the workers are stopped; set"
                    + " jobqueue.worker.auto-startup=false or call stop() first");
        }
        List<TypeWorker> dueWorkers = handlers.all().stream()
                .map(handler -> newTypeWorker(handler, typeSettings.apply(handler), Runnable::run, Duration.ZERO))
                .toList();
        return new DueRun(dueWorkers, tenants, new PauseWatch(queue, Duration.ZERO)).run();
    }

    private TypeWorker newTypeWorker(HandlerMethod handler, TypeSettings type, Executor executor, Duration bufferTime) {
        TypeWorker worker = new TypeWorker(
                handler,
                type,
                queue,
                json,
                observer,
                executor,
                bufferTime,
                listeners,
                new FailureReasons(faults.node().id(), faults.stackTraceLimit()));
        worker.observeWith(observation);
        return worker;
    }

    private void startPoller(TypeWorker worker, Tenant tenant) {
        Poller poller = new Poller(worker, tenant, settings, pauses, outages);
        Thread thread = new Thread(poller, "jobqueue-poll-" + worker.name() + "-" + tenant);
        thread.setDaemon(true);
        pollers.add(poller);
        pollerThreads.add(thread);
        wakeups.register(poller);
        thread.start();
    }

    private void heartbeat(TypeWorker worker) {
        List<ClaimedJob> jobs = worker.leased().stream().map(JobRun::job).toList();
        if (jobs.isEmpty()) {
            return;
        }
        try {
            int held = queue.heartbeatAll(jobs, worker.settings().lease());
            outages.succeeded();
            if (held < jobs.size()) {
                noticeCancels(worker);
                // Usually jobs whose outcome was written since the snapshot; a job really taken
                // away shows when its outcome is refused, which is logged at WARN.
                LOGGER.debug(
                        "{} of {} running {} jobs were no longer held at their heartbeat",
                        jobs.size() - held,
                        jobs.size(),
                        worker.name());
            }
        } catch (RuntimeException e) {
            if (!outages.failed("heartbeat", e)) {
                LOGGER.warn("Heartbeat of {} running {} jobs failed; trying again", jobs.size(), worker.name(), e);
            }
        }
    }

    /**
     * Tells the handlers of jobs an operator cancelled (issue #14), and interrupts those still
     * running after the type's cancel grace.
     */
    private void noticeCancels(TypeWorker worker) {
        List<JobRun> runs = worker.leased();
        List<ClaimedJob> cancelled =
                queue.cancelledAmong(runs.stream().map(JobRun::job).toList());
        for (ClaimedJob job : cancelled) {
            runs.stream()
                    .filter(run -> run.job().id().equals(job.id()))
                    .filter(JobRun::markCancelled)
                    .forEach(run -> {
                        Duration grace = worker.settings().cancelGrace();
                        LOGGER.info(
                                "{} {} was cancelled; its handler is interrupted if it still runs in {}",
                                worker.name(),
                                job,
                                grace);
                        DaemonScheduler scheduler = maintenance;
                        if (scheduler == null) {
                            return;
                        }
                        scheduler.once(grace, () -> {
                            if (run.interruptHandler()) {
                                LOGGER.info(
                                        "{} {} still ran {} after its cancel: interrupted", worker.name(), job, grace);
                            }
                        });
                    });
        }
    }

    private void recoverExpiredLeases() {
        for (TypeWorker worker : workers) {
            for (Tenant tenant : tenants) {
                try {
                    List<JobId> recovered = queue.recoverExpiredLeaseIds(
                            tenant,
                            worker.type(),
                            100,
                            worker.retryPolicy(),
                            worker.settings().maxCrashes(),
                            faults.node().id());
                    outages.succeeded();
                    if (!recovered.isEmpty()) {
                        LOGGER.warn(
                                "Recovered {} {} jobs of tenant {} whose worker lost its lease",
                                recovered.size(),
                                worker.name(),
                                tenant);
                        observer.recovered(worker.type(), tenant, recovered.size());
                        tellRecovered(worker, tenant, recovered);
                    }
                } catch (RuntimeException e) {
                    if (!outages.failed("lease recovery", e)) {
                        LOGGER.warn(
                                "Lease recovery of {} jobs for tenant {} failed; trying again in {}",
                                worker.name(),
                                tenant,
                                settings.recoveryInterval(),
                                e);
                    }
                }
            }
        }
    }

    private void tellRecovered(TypeWorker worker, Tenant tenant, List<JobId> recovered) {
        if (listeners.isEmpty()) {
            return;
        }
        for (JobId id : recovered) {
            listeners.recovered(new JobOutcome(id, worker.type(), tenant, attemptOf(id), null));
        }
    }

    /** The attempt of a recovered job, read after the recovery's commit; 0 when the row does not say. */
    private int attemptOf(JobId id) {
        try {
            Integer attempt = queue.details(id).map(JobDetails::attempt).orElse(null);
            return attempt == null ? 0 : attempt;
        } catch (RuntimeException e) {
            LOGGER.debug("Could not read the attempt of recovered job {}; listeners are told 0", id, e);
            return 0;
        }
    }

    private ExecutorService newExecutor(HandlerMethod handler, TypeSettings type) {
        ThreadFactory threads =
                settings.virtualThreads() ? VirtualThreads.factory("jobqueue-" + handler.name() + "-") : null;
        if (threads == null) {
            threads = DaemonScheduler.daemonThreads("jobqueue-" + handler.name());
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

    /**
     * Jobs this node holds: running, and claimed but waiting for a thread.
     *
     * @since 0.2.0
     */
    public int heldJobs() {
        return workers.stream().mapToInt(worker -> worker.leased().size()).sum();
    }

    /** The jobs this node holds, of every type: what its node heartbeat registers. */
    private List<JobId> heldJobIds() {
        List<JobId> held = new ArrayList<>();
        workers.forEach(
                worker -> worker.leased().forEach(run -> held.add(run.job().id())));
        return held;
    }

    /**
     * This node, as stored with failure reasons and in the node registry.
     *
     * @since 0.2.0
     */
    public LocalNode node() {
        return faults.node();
    }

    /** Checks for handlers past their type's timeout four times per timeout, at most every second. */
    private static void scheduleTimeouts(DaemonScheduler maintenance, TypeWorker worker) {
        Duration timeout = worker.settings().timeout();
        if (timeout == null) {
            return;
        }
        Duration every = Duration.ofMillis(Math.max(10, Math.min(1_000, timeout.toMillis() / 4)));
        maintenance.repeat(every, every, worker::timeOutOverdueRuns);
    }

    private void startNodeHeartbeat(DaemonScheduler maintenance) {
        NodeHeartbeat beat = new NodeHeartbeat(
                queue.nodeRegistry(),
                faults,
                workers.stream().map(TypeWorker::name).toList(),
                workers.stream().map(w -> w.type().id()).toList(),
                tenants.stream().map(Tenant::value).toList(),
                this::heldJobIds,
                outages);
        nodeHeartbeat = beat;
        maintenance.repeat(Duration.ZERO, beat.interval(), beat::beat);
    }
}
