package dev.jobqueue.boot.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.internal.DaemonScheduler;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.partition.PartitionDropHook;
import dev.jobqueue.persistence.partition.PartitionMaintainer;
import dev.jobqueue.persistence.partition.PartitionSettings;
import dev.jobqueue.worker.JobWorkers;
import dev.jobqueue.worker.TenantShards;
import dev.jobqueue.worker.TenantShards.Shard;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The databases of {@code jobqueue.shards}: for each, its pool (HikariCP, READ COMMITTED,
 * auto-commit off), its tables (migrated at startup with jobqueue's changelog, unless
 * {@code jobqueue.schema.initialize=false}), its store and, on a worker node, workers for its
 * tenants. A shard that cannot be reached at startup is logged once (WARN) and left behind:
 * its workers retry at their poll interval, and its tables are migrated as soon as it answers
 * (tried every {@link #MIGRATION_RETRY} while the context runs).
 * Starts and stops the shards' workers with the context, and closes the pools at its end.
 */
final class JobQueueShards implements SmartLifecycle, DisposableBean {

    private static final Logger LOGGER = LoggerFactory.getLogger(JobQueueShards.class);

    /** How often the tables of a shard that could not be reached at startup are tried again. */
    static final Duration MIGRATION_RETRY = Duration.ofSeconds(2);

    /**
     * One configured shard: its pool, store, tenants, partition maintenance (null with
     * {@code jobqueue.partitions.enabled=false}) and workers (null on a node without workers).
     */
    record Opened(
            String name,
            HikariDataSource pool,
            JobQueue queue,
            Set<Tenant> tenants,
            @Nullable ScheduledPartitionMaintenance partitions,
            @Nullable JobWorkers workers) {}

    private final List<Opened> shards;
    private final boolean autoStartup;
    private final TableName table;
    // Shards whose tables are not migrated yet: their database did not answer at startup.
    private final Set<String> unmigrated = ConcurrentHashMap.newKeySet();
    private @Nullable DaemonScheduler migrations;
    private volatile boolean running;

    private JobQueueShards(List<Opened> shards, boolean autoStartup, TableName table, Set<String> unmigrated) {
        this.shards = List.copyOf(shards);
        this.autoStartup = autoStartup;
        this.table = table;
        this.unmigrated.addAll(unmigrated);
    }

    /**
     * Opens every shard of {@code properties}.
     *
     * @param queues the store over a shard's pool, given whether its database answered at startup
     * @param workers the workers of a store for some tenants, or null when this node runs none
     */
    static JobQueueShards open(
            JobQueueProperties properties,
            BiFunction<DataSource, Boolean, JobQueue> queues,
            BiFunction<JobQueue, List<Tenant>, @Nullable JobWorkers> workers,
            PartitionDropHook dropHook) {
        TableName table = TableName.of(properties.getTable());
        List<Opened> opened = new ArrayList<>();
        Set<String> unmigrated = new LinkedHashSet<>();
        try {
            for (Map.Entry<String, JobQueueProperties.Shard> entry :
                    properties.getShards().entrySet()) {
                String name = entry.getKey();
                JobQueueProperties.Shard settings = entry.getValue();
                HikariDataSource pool = pool(name, settings);
                boolean reachable = true;
                if (properties.getSchema().isInitialize()) {
                    reachable = migrate(name, pool, table);
                    if (!reachable) {
                        unmigrated.add(name);
                    }
                }
                JobQueue queue = queues.apply(pool, reachable);
                Set<Tenant> tenants = new LinkedHashSet<>(
                        settings.getTenants().stream().map(Tenant::of).toList());
                opened.add(new Opened(
                        name,
                        pool,
                        queue,
                        tenants,
                        partitions(properties, pool, table, dropHook),
                        workers.apply(queue, List.copyOf(tenants))));
            }
        } catch (RuntimeException e) {
            opened.forEach(shard -> shard.pool().close());
            throw e;
        }
        return new JobQueueShards(opened, properties.getWorker().isAutoStartup(), table, unmigrated);
    }

    /** The routing of tenants to their stores, {@code defaultQueue} holding the tenants no shard names. */
    TenantShards routing(JobQueue defaultQueue) {
        return TenantShards.of(
                shards.stream()
                        .map(shard -> new Shard(shard.name(), shard.queue(), shard.tenants()))
                        .toList(),
                defaultQueue);
    }

    List<Opened> shards() {
        return shards;
    }

    /** Every tenant some shard names. */
    Set<Tenant> tenants() {
        Set<Tenant> tenants = new LinkedHashSet<>();
        shards.forEach(shard -> tenants.addAll(shard.tenants()));
        return tenants;
    }

    /** The shard's partition maintenance, on connections in auto-commit mode (its lease rows commit alone). */
    private static @Nullable ScheduledPartitionMaintenance partitions(
            JobQueueProperties properties, DataSource pool, TableName table, PartitionDropHook dropHook) {
        JobQueueProperties.Partitions partitions = properties.getPartitions();
        if (!partitions.isEnabled()) {
            return null;
        }
        PartitionSettings settings = new PartitionSettings(
                partitions.getHorizon(),
                partitions.getRetention(),
                partitions.getDdlLockWaitTimeout(),
                partitions.isDropAdopted());
        return new ScheduledPartitionMaintenance(
                new PartitionMaintainer(new AutoCommitting(pool), table, Clock.systemUTC(), settings, dropHook),
                partitions.getInterval());
    }

    private static HikariDataSource pool(String name, JobQueueProperties.Shard settings) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(Objects.requireNonNull(settings.getUrl(), "validated"));
        if (settings.getUsername() != null) {
            pool.setUsername(settings.getUsername());
        }
        if (settings.getPassword() != null) {
            pool.setPassword(settings.getPassword());
        }
        pool.setPoolName("jobqueue-shard-" + name);
        int maximumSize = settings.getPool().getMaximumSize();
        pool.setMaximumPoolSize(maximumSize);
        pool.setMinimumIdle(Math.min(2, maximumSize));
        pool.setConnectionTimeout(settings.getPool().getConnectionTimeout().toMillis());
        // why: a shard that is down at startup must not fail the pool, nor the context
        pool.setInitializationFailTimeout(-1);
        pool.setAutoCommit(false);
        pool.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return pool;
    }

    /** Migrates the shard's tables; false, with one WARN, when its database cannot be reached. */
    private static boolean migrate(String name, DataSource pool, TableName table) {
        try {
            JobQueueSchema.migrate(pool, table);
            return true;
        } catch (RuntimeException e) {
            if (!TenantShards.isUnreachable(e)) {
                throw e;
            }
            LOGGER.warn(
                    "The database of shard '{}' cannot be reached at startup: its tenants' jobs wait until it"
                            + " answers, and its tables are migrated then: {}",
                    name,
                    e.getMessage());
            return false;
        }
    }

    /** The names of the shards whose tables are not migrated yet. */
    Set<String> unmigrated() {
        return Set.copyOf(unmigrated);
    }

    @Override
    public synchronized void start() {
        if (!unmigrated.isEmpty() && migrations == null) {
            DaemonScheduler scheduler = DaemonScheduler.named("jobqueue-shard-migration");
            scheduler.repeat(MIGRATION_RETRY, MIGRATION_RETRY, this::retryMigrations);
            migrations = scheduler;
        }
        // As on the application's datasource: partitions first, then the workers.
        shards.stream().map(Opened::partitions).filter(Objects::nonNull).forEach(ScheduledPartitionMaintenance::start);
        shards.stream().map(Opened::workers).filter(Objects::nonNull).forEach(JobWorkers::start);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (migrations != null) {
            migrations.close();
            migrations = null;
        }
        shards.stream().map(Opened::workers).filter(Objects::nonNull).forEach(JobWorkers::stop);
        shards.stream().map(Opened::partitions).filter(Objects::nonNull).forEach(ScheduledPartitionMaintenance::stop);
    }

    private void retryMigrations() {
        for (Opened shard : shards) {
            if (!unmigrated.contains(shard.name())) {
                continue;
            }
            try {
                JobQueueSchema.migrate(shard.pool(), table);
                unmigrated.remove(shard.name());
                LOGGER.info("The database of shard '{}' answers: its tables are migrated", shard.name());
            } catch (RuntimeException e) {
                if (!TenantShards.isUnreachable(e)) {
                    unmigrated.remove(shard.name());
                    LOGGER.error("The tables of shard '{}' could not be migrated", shard.name(), e);
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        // why: stopped with the default database's workers, before the pools they use close
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    @Override
    public void destroy() {
        stop();
        shards.forEach(shard -> shard.pool().close());
    }

    /**
     * The shard's pool with auto-commit on for each connection taken; HikariCP sets it back when
     * the connection returns.
     */
    private static final class AutoCommitting extends DelegatingDataSource {

        AutoCommitting(DataSource pool) {
            super(pool);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = obtainTargetDataSource().getConnection();
            connection.setAutoCommit(true);
            return connection;
        }
    }
}
