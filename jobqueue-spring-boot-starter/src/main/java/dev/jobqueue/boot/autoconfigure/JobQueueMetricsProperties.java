package dev.jobqueue.boot.autoconfigure;

import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of jobqueue's metrics, under {@code jobqueue.metrics.*}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("jobqueue.metrics")
public class JobQueueMetricsProperties implements InitializingBean {

    /** How often the queue depth and lag gauges are read from the database. */
    private Duration sampleInterval = Duration.ofSeconds(15);

    public Duration getSampleInterval() {
        return sampleInterval;
    }

    public void setSampleInterval(Duration sampleInterval) {
        this.sampleInterval = sampleInterval;
    }

    /**
     * Checks the bound values.
     *
     * @throws dev.jobqueue.domain.InvalidJobInputException naming the property out of range
     */
    @Override
    public void afterPropertiesSet() {
        JobQueuePropertiesValidator.validate(this);
    }
}
