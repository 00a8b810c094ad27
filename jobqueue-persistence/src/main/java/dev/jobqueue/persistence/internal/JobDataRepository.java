package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobData;
import dev.jobqueue.domain.JobKey;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Spring Data access to {@code jobs_data} rows: payloads, user fields and retry groups.
 */
public interface JobDataRepository extends JpaRepository<JobData, JobKey> {

    /** Every row of a retry group, first run first. */
    @Query("select d from JobData d where d.retryGroup = :retryGroup order by d.key.id")
    List<JobData> findByRetryGroup(@Param("retryGroup") String retryGroup);

    /** Rows whose first integer user field has this value. */
    List<JobData> findByIntUdf1(Integer intUdf1);

    /** Rows whose first string user field has this value. */
    List<JobData> findByStringUdf1(String stringUdf1);
}
