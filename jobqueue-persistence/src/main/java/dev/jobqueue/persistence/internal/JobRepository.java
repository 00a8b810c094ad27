package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.Job;
import dev.jobqueue.domain.JobKey;
import dev.jobqueue.domain.JobState;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Spring Data access to {@code jobs} rows by their composite key and by what applications
 * search for. Reading only: state changes go through {@link JobQueue}.
 */
public interface JobRepository extends JpaRepository<Job, JobKey> {

    /** Rows of a tenant with a correlation id, oldest first. */
    @Query("select j from Job j where j.tenant = :tenant and j.correlationId = :correlationId order by j.key.id")
    List<Job> findByCorrelation(@Param("tenant") int tenant, @Param("correlationId") String correlationId);

    /** How many rows of a tenant and job type are in a state. */
    @Query("select count(j) from Job j where j.tenant = :tenant and j.jobType = :jobType and j.state = :state")
    long countByState(@Param("tenant") int tenant, @Param("jobType") int jobType, @Param("state") JobState state);
}
