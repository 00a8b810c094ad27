package dev.jobqueue.observation;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The context of one {@code jobqueue.schedule} observation: one call of the scheduler, which writes
 * one job or a batch of them. Its carrier collects the headers a tracer propagates (such as W3C
 * {@code traceparent}); they are stored with the jobs so that their runs continue the trace.
 *
 * @since 0.2.0
 */
public final class JobScheduleContext extends SenderContext<Map<String, String>> {

    private final List<NewJob> jobs;
    private List<JobId> jobIds = List.of();

    public JobScheduleContext(List<NewJob> jobs) {
        super(
                (carrier, key, value) -> {
                    if (carrier != null) {
                        carrier.put(key, value);
                    }
                },
                Kind.PRODUCER);
        setCarrier(new LinkedHashMap<>());
        this.jobs = List.copyOf(jobs);
    }

    /** The jobs being scheduled, as the application described them. */
    public List<NewJob> getJobs() {
        return jobs;
    }

    /** The ids of the jobs once they are written; empty before, and when scheduling failed. */
    public List<JobId> getJobIds() {
        return jobIds;
    }

    public void setJobIds(List<JobId> jobIds) {
        this.jobIds = List.copyOf(jobIds);
    }
}
