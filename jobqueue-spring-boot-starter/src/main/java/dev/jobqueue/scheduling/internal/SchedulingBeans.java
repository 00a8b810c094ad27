package dev.jobqueue.scheduling.internal;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.UniqueKey;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JpaJobReader;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.worker.JobQueueObserver;
import dev.jobqueue.worker.LocalWakeups;
import dev.jobqueue.worker.TenantShards;
import java.lang.reflect.Constructor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;

/**
 * Creates the two application beans, whose constructors are package-private so that they are
 * no API: applications inject the beans the starter makes. Not API either.
 */
public final class SchedulingBeans {

    private SchedulingBeans() {}

    /** The {@link Jobs} bean over the queue (writes) and the entities' read model (reads). */
    public static Jobs jobs(JobQueue queue, JpaJobReader reader) {
        return create(Jobs.class, new Class<?>[] {JobQueue.class, JpaJobReader.class}, queue, reader);
    }

    /**
     * The {@link Jobs} bean whose retries get the executions {@code typeExecutions} gives a job
     * type (null for the queue's default).
     */
    public static Jobs jobs(JobQueue queue, JpaJobReader reader, Function<JobType, @Nullable Integer> typeExecutions) {
        return create(
                Jobs.class,
                new Class<?>[] {JobQueue.class, JpaJobReader.class, Function.class},
                queue,
                reader,
                typeExecutions);
    }

    /**
     * The {@link JobScheduler} bean.
     *
     * @param defaultExecutions the executions of a type's jobs when the job gives none, or null for
     *     the queue's default
     */
    public static JobScheduler jobScheduler(
            JobQueue queue,
            LocalWakeups wakeups,
            JobQueueObserver observer,
            Function<JobType, @Nullable Integer> defaultExecutions) {
        return create(
                JobScheduler.class,
                new Class<?>[] {JobQueue.class, LocalWakeups.class, JobQueueObserver.class, Function.class},
                queue,
                wakeups,
                observer,
                defaultExecutions);
    }

    /**
     * The {@link JobScheduler} bean whose jobs scheduled one at a time get the unique key
     * {@code defaultUniqueKeys} returns for them, if any.
     */
    public static JobScheduler jobScheduler(
            JobQueue queue,
            LocalWakeups wakeups,
            JobQueueObserver observer,
            Function<JobType, @Nullable Integer> defaultExecutions,
            Function<NewJob, @Nullable UniqueKey> defaultUniqueKeys) {
        return create(
                JobScheduler.class,
                new Class<?>[] {
                    JobQueue.class, LocalWakeups.class, JobQueueObserver.class, Function.class, Function.class
                },
                queue,
                wakeups,
                observer,
                defaultExecutions,
                defaultUniqueKeys);
    }

    /**
     * The {@link JobScheduler} bean that observes each call and stores the trace context with the
     * jobs, as {@code observations} says.
     */
    public static JobScheduler jobScheduler(
            JobQueue queue,
            LocalWakeups wakeups,
            JobQueueObserver observer,
            Function<JobType, @Nullable Integer> defaultExecutions,
            Function<NewJob, @Nullable UniqueKey> defaultUniqueKeys,
            ScheduleObservations observations) {
        return create(
                JobScheduler.class,
                new Class<?>[] {
                    JobQueue.class,
                    LocalWakeups.class,
                    JobQueueObserver.class,
                    Function.class,
                    Function.class,
                    ScheduleObservations.class
                },
                queue,
                wakeups,
                observer,
                defaultExecutions,
                defaultUniqueKeys,
                observations);
    }

    /**
     * The {@link JobScheduler} bean that writes each job into its tenant's database as
     * {@code shards} says.
     */
    public static JobScheduler jobScheduler(
            JobQueue queue,
            LocalWakeups wakeups,
            JobQueueObserver observer,
            Function<JobType, @Nullable Integer> defaultExecutions,
            Function<NewJob, @Nullable UniqueKey> defaultUniqueKeys,
            ScheduleObservations observations,
            TenantShards shards) {
        return create(
                JobScheduler.class,
                new Class<?>[] {
                    JobQueue.class,
                    LocalWakeups.class,
                    JobQueueObserver.class,
                    Function.class,
                    Function.class,
                    ScheduleObservations.class,
                    TenantShards.class
                },
                queue,
                wakeups,
                observer,
                defaultExecutions,
                defaultUniqueKeys,
                observations,
                shards);
    }

    /** The {@link Jobs} bean that finds a job by id in every database of {@code shards}. */
    public static Jobs jobs(
            JobQueue queue,
            JpaJobReader reader,
            Function<JobType, @Nullable Integer> typeExecutions,
            TenantShards shards) {
        return create(
                Jobs.class,
                new Class<?>[] {JobQueue.class, JpaJobReader.class, Function.class, TenantShards.class},
                queue,
                reader,
                typeExecutions,
                shards);
    }

    private static <T> T create(Class<T> type, Class<?>[] parameterTypes, Object... args) {
        Constructor<T> constructor;
        try {
            constructor = type.getDeclaredConstructor(parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(
                    type.getName() + " has no constructor for " + parameterTypes.length
                            + " arguments: SchedulingBeans and it are out of step",
                    e);
        }
        return BeanUtils.instantiateClass(constructor, args);
    }
}
