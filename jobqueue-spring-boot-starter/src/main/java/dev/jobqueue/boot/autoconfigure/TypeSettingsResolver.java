package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.persistence.internal.RetryPolicy;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.TypeSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns {@code jobqueue.types.<name>.*} and the handler's annotation into the settings of its
 * workers. Only converts: {@link JobQueuePropertiesValidator} refused every value out of range
 * when the properties were bound.
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
        List<Class<? extends Throwable>> nonRetryable = new ArrayList<>(handler.nonRetryable());
        for (String name : type.getNonRetryable()) {
            nonRetryable.add(JobQueuePropertiesValidator.throwable(prefix + "non-retryable", name, classLoader));
        }
        Integer batchSize = type.getBatchSize();
        return new TypeSettings(
                type.getConcurrency(),
                batchSize == null ? TypeSettings.ADAPTIVE_BATCH_SIZE : batchSize,
                type.getLease(),
                retryPolicy(type.getRetry()),
                List.copyOf(nonRetryable),
                type.getTimeout(),
                type.getMaxCrashes(),
                type.getCancelGrace(),
                type.getMaxBatchSize());
    }

    private static RetryPolicy retryPolicy(JobQueueProperties.Retry retry) {
        return switch (retry.getStrategy()) {
            case FIXED -> RetryPolicy.fixedDelay(retry.getDelay());
            case EXPONENTIAL ->
                RetryPolicy.exponential(
                        retry.getInitialDelay(), retry.getMultiplier(), retry.getMaxDelay(), retry.isJitter());
        };
    }
}
