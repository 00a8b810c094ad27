package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.Job;
import dev.jobqueue.domain.JobData;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Selection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One criteria query over both entities: {@code Job} left-joined with its {@code JobData} by
 * {@code (id, part)} (a row the Go library's non-atomic insert left alone has none), with the
 * predicates of a {@link JobFilter}. It selects the attributes rather than the entities, so a
 * read never returns an instance the caller's persistence context already holds with an older
 * state: a job changed by the queue's own statements reads as stored.
 */
final class JobCriteria<T> {

    private final CriteriaBuilder cb;
    private final CriteriaQuery<T> query;
    private final Root<Job> job;
    private final Join<Job, JobData> data;
    private final List<Predicate> where = new ArrayList<>();

    private JobCriteria(CriteriaBuilder cb, CriteriaQuery<T> query) {
        this.cb = cb;
        this.query = query;
        this.job = query.from(Job.class);
        this.data = job.join(JobData.class, JoinType.LEFT);
        data.on(
                cb.equal(data.get("key").get("id"), id()),
                cb.equal(data.get("key").get("part"), part()));
    }

    /** A query that reads both rows of each job as {@link #details(Tuple)} maps them. */
    static JobCriteria<Tuple> details(CriteriaBuilder cb) {
        JobCriteria<Tuple> criteria = new JobCriteria<>(cb, cb.createTupleQuery());
        criteria.query.multiselect(criteria.columns());
        return criteria;
    }

    /** A query that reads only the ids of the jobs, for a count. */
    static JobCriteria<String> ids(CriteriaBuilder cb) {
        JobCriteria<String> criteria = new JobCriteria<>(cb, cb.createQuery(String.class));
        criteria.query.select(criteria.id());
        return criteria;
    }

    JobCriteria<T> matching(JobFilter filter) {
        equal(
                job.get("tenant"),
                filter.tenant() == null ? null : filter.tenant().value());
        equal(job.get("jobType"), filter.type() == null ? null : filter.type().id());
        equal(job.get("state"), filter.state());
        equal(job.get("subState"), filter.subState());
        equal(job.get("correlationId"), filter.correlationId());
        equal(data.get("retryGroup"), filter.retryGroup());
        if (filter.createdFrom() != null) {
            where.add(cb.greaterThanOrEqualTo(job.get("createdAt"), filter.createdFrom()));
        }
        if (filter.createdBefore() != null) {
            where.add(cb.lessThan(job.get("createdAt"), filter.createdBefore()));
        }
        return this;
    }

    JobCriteria<T> byKey(JobId id) {
        equal(id(), id.value());
        equal(part(), LocalDateTime.ofInstant(id.part(), ZoneOffset.UTC));
        return this;
    }

    JobCriteria<T> byUserFields(UserFields fields) {
        equal(data.get("stringUdf1"), fields.string1());
        equal(data.get("stringUdf2"), fields.string2());
        equal(data.get("intUdf1"), fields.int1());
        equal(data.get("intUdf2"), fields.int2());
        return this;
    }

    /** Only jobs whose id sorts before {@code lastId}: the keyset of a page after the first. */
    JobCriteria<T> before(@Nullable JobId lastId) {
        if (lastId != null) {
            where.add(cb.lessThan(id(), lastId.value()));
        }
        return this;
    }

    CriteriaQuery<T> newestFirst() {
        return query.where(where.toArray(Predicate[]::new)).orderBy(cb.desc(id()));
    }

    /** For a count, which needs no order: the server stops at the limit on whatever index it reads. */
    CriteriaQuery<T> unordered() {
        return query.where(where.toArray(Predicate[]::new));
    }

    CriteriaQuery<T> oldestFirst() {
        return query.where(where.toArray(Predicate[]::new)).orderBy(cb.asc(id()));
    }

    static JobDetails details(Tuple row) {
        String id = row.get(0, String.class);
        return new JobDetails(
                JobId.parse(id),
                row.get(1, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                Tenant.of(row.get(2, Integer.class)),
                JobType.of(row.get(3, Integer.class)),
                CorrelationIds.orNull(row.get(4, String.class)),
                row.get(5, JobState.class),
                row.get(6, SubState.class).code(),
                row.get(7, Integer.class),
                row.get(8, Integer.class),
                row.get(9, Instant.class),
                row.get(10, Instant.class),
                row.get(11, Instant.class),
                row.get(12, Instant.class),
                Payloads.stored(row.get(13, String.class)),
                new UserFields(
                        row.get(14, String.class),
                        row.get(15, String.class),
                        row.get(16, Integer.class),
                        row.get(17, Integer.class)),
                row.get(18, String.class),
                row.get(19, Integer.class));
    }

    private List<Selection<?>> columns() {
        return List.of(
                id(),
                part(),
                job.get("tenant"),
                job.get("jobType"),
                job.get("correlationId"),
                job.get("state"),
                job.get("subState"),
                job.get("pendingExecution"),
                job.get("version"),
                job.get("processAt"),
                job.get("leaseExpiresAt"),
                job.get("createdAt"),
                job.get("updatedAt"),
                data.get("properties"),
                data.get("stringUdf1"),
                data.get("stringUdf2"),
                data.get("intUdf1"),
                data.get("intUdf2"),
                data.get("retryGroup"),
                data.get("attempt"));
    }

    private Path<String> id() {
        return job.get("key").get("id");
    }

    private Path<LocalDateTime> part() {
        return job.get("key").get("part");
    }

    private void equal(Path<?> path, @Nullable Object value) {
        if (value != null) {
            where.add(cb.equal(path, value));
        }
    }
}
