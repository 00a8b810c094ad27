package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.handler.InvalidJobHandlerException;
import dev.jobqueue.persistence.internal.CorrelationScope;
import dev.jobqueue.persistence.partition.PartitionSettings;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.TenantShards;
import dev.jobqueue.worker.TypeSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.springframework.util.ClassUtils;

/**
 * The one place that checks {@code jobqueue.*}: refuses values out of range as soon as they are
 * bound, naming the full property path, so that a bad value stops startup before the schema
 * initializer, the partition maintainer or a worker writes anything. What converts the values
 * afterwards ({@link TypeSettingsResolver}, {@link CorrelationScopes}) relies on this and checks
 * nothing. The one check that needs more than the properties, that every configured type has a
 * handler, runs once the handlers are known ({@link #requireHandlersForConfiguredTypes}).
 */
final class JobQueuePropertiesValidator {

    private JobQueuePropertiesValidator() {}

    static void validate(JobQueueProperties properties) {
        requireTable(properties.getTable());
        requireRange("jobqueue.default-executions", properties.getDefaultExecutions(), 1, 255);
        requireRange("jobqueue.lock-retries", properties.getLockRetries(), 0, 100);
        requireTenants(properties.getTenants(), properties.getWorker().isEnabled());
        requireRange("jobqueue.pool.maximum-size", properties.getPool().getMaximumSize(), 1, 100);
        requireValid(properties.getWorker());
        requireValid(properties.getPartitions());
        requireAtLeast("jobqueue.health.timeout", properties.getHealth().getTimeout(), Duration.ofMillis(100));
        properties.getTypes().forEach((name, type) -> requireValid("jobqueue.types." + name + ".", type));
        requirePositive("jobqueue.recurring-poll-interval", properties.getRecurringPollInterval());
        requireShards(properties.getShards());
    }

    /**
     * Refuses a shard named {@code default}, without URL or tenants, with a tenant out of range
     * or named by another shard too: a tenant lives in one database.
     */
    private static void requireShards(Map<String, JobQueueProperties.Shard> shards) {
        Map<Integer, String> owners = new HashMap<>();
        shards.forEach((name, shard) -> {
            String prefix = "jobqueue.shards." + name + ".";
            if (name.equals(TenantShards.DEFAULT)) {
                throw new InvalidJobInputException(
                        "jobqueue.shards." + name,
                        "jobqueue.shards." + name + " is refused: the name '" + TenantShards.DEFAULT
                                + "' stands for the application's datasource; give the shard another name");
            }
            String url = shard.getUrl();
            if (url == null || url.isBlank()) {
                throw new InvalidJobInputException(
                        prefix + "url", prefix + "url must be set: the JDBC URL of the shard's database");
            }
            List<Integer> tenants = shard.getTenants();
            if (tenants.isEmpty()) {
                throw new InvalidJobInputException(
                        prefix + "tenants",
                        prefix + "tenants must list at least one tenant between 0 and 255 but was empty");
            }
            for (int i = 0; i < tenants.size(); i++) {
                Integer tenant = tenants.get(i);
                if (tenant == null || tenant < 0 || tenant > 255) {
                    throw InvalidJobInputException.outOfRange(prefix + "tenants[" + i + "]", 0, 255, tenant);
                }
                String other = owners.putIfAbsent(tenant, name);
                if (other != null && !other.equals(name)) {
                    throw new InvalidJobInputException(
                            prefix + "tenants[" + i + "]",
                            prefix + "tenants[" + i + "] names tenant " + tenant + ", which jobqueue.shards." + other
                                    + ".tenants names too: a tenant lives in one database");
                }
            }
            requireRange(prefix + "pool.maximum-size", shard.getPool().getMaximumSize(), 1, 100);
            requireAtLeast(
                    prefix + "pool.connection-timeout", shard.getPool().getConnectionTimeout(), Duration.ofMillis(250));
        });
    }

    static void validate(JobQueueMetricsProperties metrics) {
        requirePositive("jobqueue.metrics.sample-interval", metrics.getSampleInterval());
    }

    /** Fails when a configured type names no handler on a node that runs workers. */
    static void requireHandlersForConfiguredTypes(JobQueueProperties properties, JobHandlerRegistry registry) {
        for (String name : properties.getTypes().keySet()) {
            if (registry.forName(name).isEmpty()) {
                throw new InvalidJobHandlerException("jobqueue.types." + name + " is configured but no @JobHandler"
                        + " is named " + name + "; known handlers: "
                        + registry.all().stream().map(HandlerMethod::name).toList()
                        + ". Fix the name, add the handler, or set jobqueue.worker.enabled=false on a node that"
                        + " only schedules jobs");
            }
        }
    }

    /**
     * The scope {@code jobqueue.types.<name>.complete-correlated} names: none, type or tenant.
     *
     * @throws InvalidJobInputException naming {@code property} when the value is none of them
     */
    static CorrelationScope correlationScope(String property, String value) {
        for (CorrelationScope scope : CorrelationScope.values()) {
            if (scope.name().equalsIgnoreCase(value.strip())) {
                return scope;
            }
        }
        throw new InvalidJobInputException(
                property, property + " must be one of none, type or tenant but was '" + value + "'");
    }

    /**
     * The exception type a {@code jobqueue.types.<name>.non-retryable} entry names.
     *
     * @throws InvalidJobInputException naming {@code property} when it is no Throwable on the classpath
     */
    @SuppressWarnings("unchecked")
    static Class<? extends Throwable> throwable(String property, String name, ClassLoader classLoader) {
        try {
            Class<?> type = ClassUtils.forName(name, classLoader);
            if (!Throwable.class.isAssignableFrom(type)) {
                throw new InvalidJobInputException(
                        property, property + " must name exception types but " + name + " is not a Throwable");
            }
            return (Class<? extends Throwable>) type;
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidJobInputException(
                    property, property + " names " + name + ", which is not on the classpath");
        }
    }

    /** Refuses the settings of one type out of range, naming the property under {@code jobqueue.types.<name>.}. */
    private static void requireValid(String prefix, JobQueueProperties.Type type) {
        requireRange(prefix + "concurrency", type.getConcurrency(), 1, 1024);
        if (type.getBatchSize() != null) {
            requireRange(prefix + "batch-size", type.getBatchSize(), 1, 1000);
        }
        requireRange(prefix + "max-batch-size", type.getMaxBatchSize(), 1, 1000);
        if (type.getExecutions() != null) {
            requireRange(prefix + "executions", type.getExecutions(), 1, 255);
        }
        requirePositive(prefix + "lease", type.getLease());
        if (type.getLease().compareTo(TypeSettings.MINIMUM_LEASE) < 0) {
            throw new InvalidJobInputException(
                    prefix + "lease", TypeSettings.leaseTooShort(prefix + "lease", type.getLease()));
        }
        correlationScope(prefix + "complete-correlated", type.getCompleteCorrelated());
        requireValid(prefix + "retry.", type.getRetry());
        ConfiguredFlowLimits.requireValid(prefix, type);
        if (type.getTimeout() != null) {
            requirePositive(prefix + "timeout", type.getTimeout());
        }
        requireRange(prefix + "max-crashes", type.getMaxCrashes(), 0, 255);
        requireNotNegative(prefix + "cancel-grace", type.getCancelGrace());
        if (type.getCancelGrace().compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidJobInputException(
                    prefix + "cancel-grace",
                    prefix + "cancel-grace must be between 0s" + " and 1h but was " + type.getCancelGrace());
        }
        for (String name : type.getNonRetryable()) {
            throwable(prefix + "non-retryable", name, JobQueueProperties.class.getClassLoader());
        }
    }

    private static void requireValid(String prefix, JobQueueProperties.Retry retry) {
        switch (retry.getStrategy()) {
            case FIXED -> requireNotNegative(prefix + "delay", retry.getDelay());
            case EXPONENTIAL -> {
                requireNotNegative(prefix + "initial-delay", retry.getInitialDelay());
                requireNotNegative(prefix + "max-delay", retry.getMaxDelay());
                if (retry.getMaxDelay().compareTo(retry.getInitialDelay()) < 0) {
                    throw new InvalidJobInputException(
                            prefix + "max-delay",
                            prefix + "max-delay must be at least "
                                    + prefix + "initial-delay (" + retry.getInitialDelay() + ") but was "
                                    + retry.getMaxDelay());
                }
                // why: RetryPolicy refuses an infinite multiplier too, without the property path
                if (!(retry.getMultiplier() >= 1.0) || Double.isInfinite(retry.getMultiplier())) {
                    throw new InvalidJobInputException(
                            prefix + "multiplier",
                            prefix + "multiplier must be a finite number of at least 1.0 but was "
                                    + retry.getMultiplier());
                }
            }
        }
    }

    private static void requireTable(String table) {
        try {
            TableName.of(table);
        } catch (InvalidJobInputException e) {
            throw new InvalidJobInputException("jobqueue.table", "jobqueue." + e.getMessage());
        }
    }

    private static void requireTenants(List<Integer> tenants, boolean workers) {
        if (tenants.isEmpty() && workers) {
            throw new InvalidJobInputException(
                    "jobqueue.tenants",
                    "jobqueue.tenants must list at least one tenant"
                            + " between 0 and 255 but was empty, so this node would run no jobs; leave it unset for tenant 0,"
                            + " or set jobqueue.worker.enabled=false on a node that only schedules jobs");
        }
        for (int i = 0; i < tenants.size(); i++) {
            Integer tenant = tenants.get(i);
            if (tenant == null || tenant < 0 || tenant > 255) {
                throw InvalidJobInputException.outOfRange("jobqueue.tenants[" + i + "]", 0, 255, tenant);
            }
        }
    }

    private static void requireValid(JobQueueProperties.Worker worker) {
        requirePositive("jobqueue.worker.poll-interval", worker.getPollInterval());
        requirePositive("jobqueue.worker.max-poll-interval", worker.getMaxPollInterval());
        if (worker.getMaxPollInterval().compareTo(worker.getPollInterval()) < 0) {
            throw new InvalidJobInputException(
                    "jobqueue.worker.max-poll-interval",
                    "jobqueue.worker.max-poll-interval must be at least jobqueue.worker.poll-interval ("
                            + worker.getPollInterval() + ") but was " + worker.getMaxPollInterval());
        }
        requirePositive("jobqueue.worker.recovery-interval", worker.getRecoveryInterval());
        requireNotNegative("jobqueue.worker.shutdown-timeout", worker.getShutdownTimeout());
        requireRange("jobqueue.worker.stack-trace-limit", worker.getStackTraceLimit(), 0, 1_000_000);
        requireAtLeast("jobqueue.worker.node-timeout", worker.getNodeTimeout(), Duration.ofSeconds(1));
    }

    private static void requireAtLeast(String property, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            throw new InvalidJobInputException(property, property + " must be at least " + min + " but was " + value);
        }
    }

    private static void requireValid(JobQueueProperties.Partitions partitions) {
        requirePositive("jobqueue.partitions.interval", partitions.getInterval());
        PartitionSettings defaults = PartitionSettings.defaults();
        requirePartitionSetting(
                "jobqueue.partitions.horizon", settings -> settings.withHorizon(partitions.getHorizon()), defaults);
        requirePartitionSetting(
                "jobqueue.partitions.retention",
                settings -> settings.withRetention(partitions.getRetention()),
                defaults);
        requirePartitionSetting(
                "jobqueue.partitions.ddl-lock-wait-timeout",
                settings -> settings.withDdlLockWaitTimeout(partitions.getDdlLockWaitTimeout()),
                defaults);
    }

    /** Keeps the ranges in {@link PartitionSettings}; its message starts with the field's own name. */
    private static void requirePartitionSetting(
            String property, UnaryOperator<PartitionSettings> change, PartitionSettings defaults) {
        try {
            change.apply(defaults);
        } catch (IllegalArgumentException e) {
            String message = Objects.requireNonNullElse(e.getMessage(), " " + e);
            throw new InvalidJobInputException(property, property + message.substring(message.indexOf(' ')));
        }
    }

    static void requireRange(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw InvalidJobInputException.outOfRange(property, min, max, value);
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidJobInputException(property, property + " must be positive but was " + value);
        }
    }

    private static void requireNotNegative(String property, Duration value) {
        if (value.isNegative()) {
            throw new InvalidJobInputException(property, property + " must not be negative but was " + value);
        }
    }
}
