package dev.jobqueue.observation;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.Tenant;
import io.micrometer.common.KeyValues;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The default {@code jobqueue.schedule} convention. Low-cardinality key values: {@code jobqueue.type}
 * (the handler's name, or the numeric id for a type without a handler on this node) and
 * {@code jobqueue.tenant}, each {@code mixed} for a batch of several; high-cardinality:
 * {@code jobqueue.jobs} (how many) and {@code jobqueue.job.id} (for a single job, once written).
 *
 * @since 0.2.0
 */
public class DefaultJobScheduleObservationConvention implements JobScheduleObservationConvention {

    /** The name of the observation, and of its timer. */
    public static final String NAME = "jobqueue.schedule";

    static final String MIXED = "mixed";

    private final Function<JobType, @Nullable String> typeNames;

    /** A convention that names types by their numeric id. */
    public DefaultJobScheduleObservationConvention() {
        this(type -> null);
    }

    /** A convention that names types as {@code typeNames} does, by their numeric id where it gives null. */
    public DefaultJobScheduleObservationConvention(Function<JobType, @Nullable String> typeNames) {
        this.typeNames = typeNames;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(JobScheduleContext context) {
        return "schedule " + type(context.getJobs());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(JobScheduleContext context) {
        return KeyValues.of("jobqueue.type", type(context.getJobs()), "jobqueue.tenant", tenant(context.getJobs()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(JobScheduleContext context) {
        KeyValues values =
                KeyValues.of("jobqueue.jobs", Integer.toString(context.getJobs().size()));
        return context.getJobIds().size() == 1
                ? values.and("jobqueue.job.id", context.getJobIds().get(0).value())
                : values;
    }

    private String type(List<NewJob> jobs) {
        List<JobType> types = jobs.stream().map(NewJob::jobType).distinct().toList();
        if (types.size() != 1) {
            return MIXED;
        }
        String name = typeNames.apply(types.get(0));
        return name == null ? types.get(0).toString() : name;
    }

    private static String tenant(List<NewJob> jobs) {
        List<Tenant> tenants = jobs.stream().map(NewJob::tenant).distinct().toList();
        return tenants.size() == 1 ? Integer.toString(tenants.get(0).value()) : MIXED;
    }
}
