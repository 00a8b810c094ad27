package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.partition.PartitionSettings;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Refuses {@code jobqueue.*} values out of range as soon as they are bound, naming the full
 * property path, so that a bad value stops startup before the schema initializer, the
 * partition maintainer or a worker writes anything.
 */
final class JobQueuePropertiesValidator {

    private JobQueuePropertiesValidator() {
    }

    static void validate(JobQueueProperties properties) {
        requireTable(properties.getTable());
        TypeSettingsResolver.requireRange("jobqueue.default-executions", properties.getDefaultExecutions(), 1, 255);
        requireTenants(properties.getTenants(), properties.getWorker().isEnabled());
        TypeSettingsResolver.requireRange("jobqueue.pool.maximum-size", properties.getPool().getMaximumSize(), 1, 100);
        requireValid(properties.getWorker());
        requireValid(properties.getPartitions());
        requireAtLeast("jobqueue.health.timeout", properties.getHealth().getTimeout(),
                java.time.Duration.ofMillis(100));
        properties.getTypes().forEach((name, type) -> TypeSettingsResolver.requireValid("jobqueue.types." + name + ".",
                type));
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
            throw new InvalidJobInputException("jobqueue.tenants", "jobqueue.tenants must list at least one tenant"
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
        TypeSettingsResolver.requirePositive("jobqueue.worker.poll-interval", worker.getPollInterval());
        TypeSettingsResolver.requirePositive("jobqueue.worker.max-poll-interval", worker.getMaxPollInterval());
        if (worker.getMaxPollInterval().compareTo(worker.getPollInterval()) < 0) {
            throw new InvalidJobInputException("jobqueue.worker.max-poll-interval",
                    "jobqueue.worker.max-poll-interval must be at least jobqueue.worker.poll-interval ("
                            + worker.getPollInterval() + ") but was " + worker.getMaxPollInterval());
        }
        TypeSettingsResolver.requirePositive("jobqueue.worker.recovery-interval", worker.getRecoveryInterval());
        TypeSettingsResolver.requireNotNegative("jobqueue.worker.shutdown-timeout", worker.getShutdownTimeout());
        TypeSettingsResolver.requireRange("jobqueue.worker.stack-trace-limit", worker.getStackTraceLimit(), 0,
                1_000_000);
        requireAtLeast("jobqueue.worker.node-timeout", worker.getNodeTimeout(), java.time.Duration.ofSeconds(1));
    }

    private static void requireAtLeast(String property, java.time.Duration value, java.time.Duration min) {
        if (value.compareTo(min) < 0) {
            throw new InvalidJobInputException(property, property + " must be at least " + min + " but was " + value);
        }
    }

    private static void requireValid(JobQueueProperties.Partitions partitions) {
        TypeSettingsResolver.requirePositive("jobqueue.partitions.interval", partitions.getInterval());
        PartitionSettings defaults = PartitionSettings.defaults();
        requirePartitionSetting("jobqueue.partitions.horizon",
                settings -> settings.withHorizon(partitions.getHorizon()), defaults);
        requirePartitionSetting("jobqueue.partitions.retention",
                settings -> settings.withRetention(partitions.getRetention()), defaults);
        requirePartitionSetting("jobqueue.partitions.ddl-lock-wait-timeout",
                settings -> settings.withDdlLockWaitTimeout(partitions.getDdlLockWaitTimeout()), defaults);
    }

    /** Keeps the ranges in {@link PartitionSettings}; its message starts with the field's own name. */
    private static void requirePartitionSetting(String property, UnaryOperator<PartitionSettings> change,
            PartitionSettings defaults) {
        try {
            change.apply(defaults);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new InvalidJobInputException(property, property + message.substring(message.indexOf(' ')));
        }
    }
}
