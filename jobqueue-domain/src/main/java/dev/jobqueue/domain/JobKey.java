package dev.jobqueue.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.time.Instant;

/**
 * The primary key of both tables: the job id and its partition key.
 *
 * @param id the ULID, as text
 * @param part the id's timestamp truncated to seconds
 * @since 0.1.0
 */
@Embeddable
public record JobKey(
        @Column(name = "id", length = 40, nullable = false) String id,
        @Column(name = "part", nullable = false) Instant part) implements Serializable {

    /** The key of the job with this id; {@code part} is derived from the id. */
    public static JobKey of(JobId id) {
        return new JobKey(id.value(), id.part());
    }

    /** The id of this key, parsed. */
    public JobId jobId() {
        return JobId.parse(id);
    }
}
