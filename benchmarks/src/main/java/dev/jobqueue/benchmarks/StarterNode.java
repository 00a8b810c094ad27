package dev.jobqueue.benchmarks;

import dev.jobqueue.domain.NewJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.worker.JobQueueObserver;
import dev.jobqueue.worker.JobWorkers;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;

/**
 * One node of the full starter: a Spring Boot application context with jobqueue's
 * auto-configuration, its own connection pool, and the no-op handler. A worker node runs
 * {@code W} workers of the no-op type for tenant 0; a producer node only schedules.
 */
final class StarterNode implements AutoCloseable {

    static final int TENANT = 0;

    private static final String BACKLOG_SAMPLER = "jobQueueBacklogSampler";
    /** Without an observation registry, jobqueue's observations are ObservationRegistry.NOOP. */
    private static final String NO_OBSERVATIONS = "spring.autoconfigure.exclude";

    private final String name;
    private final ConfigurableApplicationContext context;

    private StarterNode(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
    }

    /**
     * A node whose workers run {@code concurrency} handlers at once and claim up to
     * {@code batchSize}, or jobqueue's default batch size when it is null.
     */
    static StarterNode worker(String name, BenchDatabase db, int concurrency, @Nullable Integer batchSize) {
        return worker(name, db, concurrency, batchSize, Map.of());
    }

    /** As {@link #worker(String, BenchDatabase, int, Integer)}, with more properties of the application's own. */
    static StarterNode worker(
            String name, BenchDatabase db, int concurrency, @Nullable Integer batchSize, Map<String, Object> more) {
        return worker(name, db.url(), db.user(), db.password(), db.table().base(), concurrency, batchSize, more);
    }

    /** A worker node on the server and tables named, for a worker process of its own. */
    static StarterNode worker(
            String name,
            String url,
            String user,
            String password,
            String table,
            int concurrency,
            @Nullable Integer batchSize,
            Map<String, Object> more) {
        Map<String, Object> properties = common(name, url, user, password, table);
        properties.putAll(more);
        properties.put("jobqueue.types." + NoopHandler.NAME + ".concurrency", concurrency);
        if (batchSize != null) {
            properties.put("jobqueue.types." + NoopHandler.NAME + ".batch-size", batchSize);
        }
        return start(name, properties);
    }

    /**
     * A worker node at jobqueue's defaults with Spring Boot's OpenTelemetry tracing on: every
     * scheduling call and handler run is a sampled span, handed to {@code spans} (which exports
     * nowhere), and every job carries its trace context. Every other node runs without an
     * observation registry.
     */
    static StarterNode tracedWorker(String name, BenchDatabase db, int concurrency, CountingSpanExporter spans) {
        Map<String, Object> properties =
                common(name, db.url(), db.user(), db.password(), db.table().base());
        properties.remove(NO_OBSERVATIONS);
        properties.put("management.tracing.sampling.probability", 1.0);
        properties.put("jobqueue.types." + NoopHandler.NAME + ".concurrency", concurrency);
        return start(name, properties, spans);
    }

    /** A node with {@code jobqueue.worker.enabled=false}: it schedules jobs and runs none. */
    static StarterNode producer(String name, BenchDatabase db) {
        Map<String, Object> properties =
                common(name, db.url(), db.user(), db.password(), db.table().base());
        properties.put("jobqueue.worker.enabled", false);
        return start(name, properties);
    }

    private static Map<String, Object> common(String name, String url, String user, String password, String table) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", user);
        properties.put("spring.datasource.password", password);
        properties.put("spring.datasource.hikari.pool-name", name);
        properties.put("spring.jpa.open-in-view", false);
        properties.put("jobqueue.table", table);
        properties.put("jobqueue.tenants", TENANT);
        properties.put("jobqueue.embedded.enabled", false);
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.dev.jobqueue.benchmarks", "INFO");
        properties.put(
                NO_OBSERVATIONS,
                "org.springframework.boot.micrometer.observation.autoconfigure"
                        + ".ObservationAutoConfiguration,org.springframework.boot.micrometer.tracing.opentelemetry"
                        + ".autoconfigure.OpenTelemetryTracingAutoConfiguration");
        return properties;
    }

    private static StarterNode start(String name, Map<String, Object> properties) {
        return start(name, properties, null);
    }

    private static StarterNode start(
            String name, Map<String, Object> properties, @Nullable CountingSpanExporter spans) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(BenchApplication.class);
        if (spans != null) {
            builder.initializers(context -> context.getBeanFactory().registerSingleton("countingSpanExporter", spans));
        }
        ConfigurableApplicationContext context = builder.web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(properties)
                .run();
        return new StarterNode(name, context);
    }

    JobScheduler scheduler() {
        return context.getBean(JobScheduler.class);
    }

    JobQueue queue() {
        return context.getBean(JobQueue.class);
    }

    NoopHandler handler() {
        return context.getBean(NoopHandler.class);
    }

    /** A due no-op job whose payload says when it was scheduled. */
    NewJob job(long scheduledMicros) {
        return scheduler()
                .job(NoopHandler.TYPE, new NoopHandler.Tick(scheduledMicros))
                .toNewJob();
    }

    /** Schedules {@code count} due jobs with one {@code scheduleAll} per {@code chunk}. */
    void scheduleBatches(int count, int chunk) {
        JobScheduler scheduler = scheduler();
        for (int done = 0; done < count; done += chunk) {
            List<NewJob> jobs = new ArrayList<>(chunk);
            long now = Latencies.nowMicros();
            for (int i = 0; i < Math.min(chunk, count - done); i++) {
                jobs.add(job(now));
            }
            scheduler.scheduleAll(jobs);
        }
    }

    /**
     * Pauses this node: its workers stop through {@link JobWorkers#stop()} (running jobs finish),
     * and its backlog sampling stops, so that a paused node costs the measurement of the other
     * side nothing. Its scheduler and queue still work. Partition maintenance is left alone: it
     * runs a round when started, and then hourly.
     */
    void pause() {
        workers().ifPresent(JobWorkers::stop);
        backlogSampling().filter(Lifecycle::isRunning).ifPresent(Lifecycle::stop);
    }

    void resume() {
        workers().ifPresent(JobWorkers::start);
        backlogSampling().filter(bean -> !bean.isRunning()).ifPresent(Lifecycle::start);
    }

    /** The workers; a producer node has none. */
    private Optional<JobWorkers> workers() {
        return Optional.ofNullable(context.getBeanProvider(JobWorkers.class).getIfAvailable());
    }

    /** The starter's backlog sampler, by its bean name; none when metrics are off. */
    private Optional<Lifecycle> backlogSampling() {
        return context.containsBean(BACKLOG_SAMPLER)
                ? Optional.of(context.getBean(BACKLOG_SAMPLER, Lifecycle.class))
                : Optional.empty();
    }

    /** The observer the starter wired, and the meters it registered: whether metrics are on. */
    String metrics() {
        JobQueueObserver observer = context.getBean(JobQueueObserver.class);
        long meters = context.getBean(MeterRegistry.class).getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("jobqueue"))
                .count();
        return observer == JobQueueObserver.NONE
                ? "off: the installed starter wires JobQueueObserver.NONE (no metrics auto-configuration)"
                : "on: " + observer.getClass().getName() + ", " + meters + " jobqueue meters";
    }

    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
