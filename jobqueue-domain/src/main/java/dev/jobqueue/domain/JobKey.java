package dev.jobqueue.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The primary key of both tables: the job id and its partition key {@code part}, which is
 * the id's timestamp truncated to seconds.
 *
 * <p>{@code part} is held as UTC wall-clock time because a converter may not apply to an id
 * attribute; see {@link UtcInstantConverter} for why UTC wall-clock time.
 *
 * @since 0.1.0
 */
@Embeddable
public class JobKey implements Serializable {

    private static final long serialVersionUID = 1L;

    @Column(name = "id", length = 40, nullable = false)
    private String id;

    @Column(name = "part", nullable = false)
    private LocalDateTime part;

    protected JobKey() {
        // for JPA
        this.id = "";
        this.part = LocalDateTime.MIN;
    }

    private JobKey(String id, Instant part) {
        this.id = id;
        this.part = LocalDateTime.ofInstant(part, ZoneOffset.UTC);
    }

    /** The key of the job with this id; {@code part} is derived from the id. */
    public static JobKey of(JobId id) {
        return new JobKey(id.value(), id.part());
    }

    /** The id, as stored. */
    public String id() {
        return id;
    }

    /** The partition key. */
    public Instant part() {
        return part.toInstant(ZoneOffset.UTC);
    }

    /** The id of this key, parsed. */
    public JobId jobId() {
        return JobId.parse(id);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof JobKey key && id.equals(key.id) && part.equals(key.part);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, part);
    }

    @Override
    public String toString() {
        return id + "@" + part();
    }
}
