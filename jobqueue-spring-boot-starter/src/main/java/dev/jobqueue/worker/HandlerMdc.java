package dev.jobqueue.worker;

import dev.jobqueue.handler.JobMdcKeys;
import dev.jobqueue.persistence.internal.ClaimedJob;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The logging MDC of one handler run (issue #17): the job's keys ({@link JobMdcKeys}) are put
 * when it opens and removed, or given back their earlier values, when it closes.
 */
final class HandlerMdc implements AutoCloseable {

    private final Map<String, @Nullable String> previous = new LinkedHashMap<>();

    private HandlerMdc() {}

    static HandlerMdc open(ClaimedJob job, String typeName) {
        HandlerMdc mdc = new HandlerMdc();
        mdc.put(JobMdcKeys.JOB_ID, job.id().value());
        mdc.put(JobMdcKeys.JOB_TYPE, typeName);
        mdc.put(JobMdcKeys.TENANT, Integer.toString(job.tenant().value()));
        mdc.put(JobMdcKeys.ATTEMPT, Integer.toString(job.attempt()));
        mdc.put(JobMdcKeys.CORRELATION_ID, job.correlationId());
        return mdc;
    }

    private void put(String key, @Nullable String value) {
        previous.put(key, MDC.get(key));
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
