package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobCount;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobPage;
import dev.jobqueue.domain.JobPageRequest;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import java.util.List;
import java.util.Optional;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * The read model of jobs: reads and searches through the JPA entities {@code Job} and
 * {@code JobData}, on the application's persistence unit. Inside a Spring transaction a read
 * joins it (and sees what it scheduled); outside one each read is a statement of its own.
 * The claim and the recording of outcomes stay on batched JDBC ({@link JobQueue}).
 *
 * <p>Not API: the starter's {@code Jobs} bean is the public face of these reads.
 */
public final class JpaJobReader {

    private final EntityManager entityManager;

    /** A reader over the entities of {@code entityManagerFactory}, joining Spring transactions. */
    public JpaJobReader(EntityManagerFactory entityManagerFactory) {
        this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
    }

    /** Both rows of a job. */
    public Optional<JobDetails> find(JobId id) {
        return read(JobCriteria.details(cb()).byKey(id).oldestFirst(), 1).stream()
                .findFirst();
    }

    /**
     * Every job of a tenant with this correlation id, oldest first.
     *
     * @throws InvalidJobInputException for a blank id, which means "no correlation"
     */
    public List<JobDetails> findByCorrelationId(Tenant tenant, String correlationId) {
        JobFilter filter = JobFilter.all().tenant(tenant).correlationId(correlationId);
        return read(JobCriteria.details(cb()).matching(filter).oldestFirst(), Integer.MAX_VALUE);
    }

    /** Every row of a retry group, first run first. */
    public List<JobDetails> findByRetryGroup(String retryGroup) {
        return read(
                JobCriteria.details(cb())
                        .matching(JobFilter.all().retryGroup(retryGroup))
                        .oldestFirst(),
                Integer.MAX_VALUE);
    }

    /**
     * Jobs whose user fields equal every non-null field of {@code query}, oldest first.
     *
     * @param limit most jobs returned, 1..10,000
     */
    public List<JobDetails> findByUserFields(UserFields query, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw InvalidJobInputException.outOfRange("limit", 1, 10_000, limit);
        }
        if (query.equals(UserFields.NONE)) {
            throw new InvalidJobInputException("query", "query must give at least one user field to search by");
        }
        return read(JobCriteria.details(cb()).byUserFields(query).oldestFirst(), limit);
    }

    /** One page of the jobs that match {@code filter}, newest first, after the page's cursor. */
    public JobPage search(JobFilter filter, JobPageRequest page) {
        List<JobDetails> rows = read(
                JobCriteria.details(cb()).matching(filter).before(page.lastId()).newestFirst(), page.size() + 1);
        return JobPage.of(rows, page.size());
    }

    /**
     * How many jobs match {@code filter}, counting no further than {@code cap}.
     *
     * @param cap 1..100,000
     */
    public JobCount count(JobFilter filter, int cap) {
        if (cap < 1 || cap > JobCount.MAX_CAP) {
            throw InvalidJobInputException.outOfRange("cap", 1, JobCount.MAX_CAP, cap);
        }
        List<String> ids = entityManager
                .createQuery(JobCriteria.ids(cb()).matching(filter).unordered())
                .setMaxResults(cap + 1)
                .getResultList();
        return JobCount.of(ids.size(), cap);
    }

    private List<JobDetails> read(CriteriaQuery<Tuple> query, int limit) {
        return entityManager.createQuery(query).setMaxResults(limit).getResultList().stream()
                .map(JobCriteria::details)
                .toList();
    }

    private CriteriaBuilder cb() {
        return entityManager.getCriteriaBuilder();
    }
}
