package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.handler.InvalidJobHandlerException;
import dev.jobqueue.persistence.internal.CorrelationScope;
import dev.jobqueue.persistence.internal.RetryPolicy;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.TypeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.util.ClassUtils;

/**
 * Turns {@code jobqueue.types.<name>.*} and the handler's annotation into the settings of
 * its workers, refusing values out of range with the full property path.
 */
final class TypeSettingsResolver implements Function<HandlerMethod, TypeSettings> {

    private final JobQueueProperties properties;
    private final ClassLoader classLoader;

    TypeSettingsResolver(JobQueueProperties properties, ClassLoader classLoader) {
        this.properties = properties;
        this.classLoader = classLoader;
    }

    @Override
    public TypeSettings apply(HandlerMethod handler) {
        String prefix = "jobqueue.types." + handler.name() + ".";
        JobQueueProperties.Type type = properties.type(handler.name());
        requireValid(prefix, type);
        List<Class<? extends Throwable>> nonRetryable = new ArrayList<>(handler.nonRetryable());
        for (String name : type.getNonRetryable()) {
            nonRetryable.add(throwable(prefix + "non-retryable", name));
        }
        return new TypeSettings(type.getConcurrency(), type.getBatchSize(), type.getLease(),
                retryPolicy(prefix + "retry.", type.getRetry()), List.copyOf(nonRetryable), type.getCancelGrace());
    }

    /** Fails when a configured type names no handler on a node that runs workers. */
    void requireHandlersForConfiguredTypes(JobHandlerRegistry registry) {
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
     * Refuses the settings of one type that are out of range, naming the property under
     * {@code prefix} ({@code jobqueue.types.<name>.}).
     */
    static void requireValid(String prefix, JobQueueProperties.Type type) {
        requireRange(prefix + "concurrency", type.getConcurrency(), 1, 1024);
        requireRange(prefix + "batch-size", type.getBatchSize(), 1, 1000);
        if (type.getExecutions() != null) {
            requireRange(prefix + "executions", type.getExecutions(), 1, 255);
        }
        requirePositive(prefix + "lease", type.getLease());
        if (type.getLease().compareTo(TypeSettings.MINIMUM_LEASE) < 0) {
            throw new InvalidJobInputException(prefix + "lease", TypeSettings.leaseTooShort(prefix + "lease",
                    type.getLease()));
        }
        correlationScope(prefix + "complete-correlated", type.getCompleteCorrelated());
        requireNotNegative(prefix + "cancel-grace", type.getCancelGrace());
        if (type.getCancelGrace().compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidJobInputException(prefix + "cancel-grace", prefix + "cancel-grace must be between 0s"
                    + " and 1h but was " + type.getCancelGrace());
        }
        requireValid(prefix + "retry.", type.getRetry());
    }

    /** The scope {@code jobqueue.types.<name>.complete-correlated} names: none, type or tenant. */
    static CorrelationScope correlationScope(String property, String value) {
        for (CorrelationScope scope : CorrelationScope.values()) {
            if (scope.name().equalsIgnoreCase(value.strip())) {
                return scope;
            }
        }
        throw new InvalidJobInputException(property, property + " must be one of none, type or tenant but was '"
                + value + "'");
    }

    private static void requireValid(String prefix, JobQueueProperties.Retry retry) {
        switch (retry.getStrategy()) {
            case FIXED -> requireNotNegative(prefix + "delay", retry.getDelay());
            case EXPONENTIAL -> {
                requireNotNegative(prefix + "initial-delay", retry.getInitialDelay());
                requireNotNegative(prefix + "max-delay", retry.getMaxDelay());
                if (retry.getMaxDelay().compareTo(retry.getInitialDelay()) < 0) {
                    throw new InvalidJobInputException(prefix + "max-delay", prefix + "max-delay must be at least "
                            + prefix + "initial-delay (" + retry.getInitialDelay() + ") but was "
                            + retry.getMaxDelay());
                }
                // why: RetryPolicy refuses an infinite multiplier too, without the property path
                if (!(retry.getMultiplier() >= 1.0) || Double.isInfinite(retry.getMultiplier())) {
                    throw new InvalidJobInputException(prefix + "multiplier",
                            prefix + "multiplier must be a finite number of at least 1.0 but was "
                                    + retry.getMultiplier());
                }
            }
        }
    }

    private static RetryPolicy retryPolicy(String prefix, JobQueueProperties.Retry retry) {
        requireValid(prefix, retry);
        return switch (retry.getStrategy()) {
            case FIXED -> RetryPolicy.fixedDelay(retry.getDelay());
            case EXPONENTIAL -> RetryPolicy.exponential(retry.getInitialDelay(), retry.getMultiplier(),
                    retry.getMaxDelay(), retry.isJitter());
        };
    }

    @SuppressWarnings("unchecked")
    private Class<? extends Throwable> throwable(String property, String name) {
        try {
            Class<?> type = ClassUtils.forName(name, classLoader);
            if (!Throwable.class.isAssignableFrom(type)) {
                throw new InvalidJobInputException(property, property + " must name exception types but " + name
                        + " is not a Throwable");
            }
            return (Class<? extends Throwable>) type;
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidJobInputException(property, property + " names " + name + ", which is not on the classpath");
        }
    }

    static void requireRange(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw InvalidJobInputException.outOfRange(property, min, max, value);
        }
    }

    static void requirePositive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidJobInputException(property, property + " must be positive but was " + value);
        }
    }

    static void requireNotNegative(String property, Duration value) {
        if (value.isNegative()) {
            throw new InvalidJobInputException(property, property + " must not be negative but was " + value);
        }
    }
}
