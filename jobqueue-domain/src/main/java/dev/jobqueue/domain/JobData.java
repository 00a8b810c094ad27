package dev.jobqueue.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code jobs_data}: what a job carries (properties and user fields) and the
 * retry group it belongs to.
 *
 * @since 0.1.0
 */
@Entity
@Table(name = JobData.TABLE)
public class JobData {

    /** Logical table name; the queue maps it to its configured base name plus {@code _data}. */
    public static final String TABLE = "jobs_data";

    @EmbeddedId
    private JobKey key;

    @Column(name = "tenant", nullable = false, columnDefinition = "tinyint unsigned")
    private int tenant;

    @Column(name = "properties", columnDefinition = "text")
    private @Nullable String properties;

    @Column(name = "string_udf_1", columnDefinition = "text")
    private @Nullable String stringUdf1;

    @Column(name = "string_udf_2", columnDefinition = "text")
    private @Nullable String stringUdf2;

    @Column(name = "int_udf_1")
    private @Nullable Integer intUdf1;

    @Column(name = "int_udf_2")
    private @Nullable Integer intUdf2;

    @Column(name = "retry_group", length = 40, nullable = false)
    private String retryGroup;

    @Column(name = "attempt", columnDefinition = "tinyint unsigned")
    private @Nullable Integer attempt;

    @Convert(converter = UtcInstantConverter.class)
    @Column(name = "created_at", insertable = false, updatable = false)
    private @Nullable Instant createdAt;

    @Convert(converter = UtcInstantConverter.class)
    @Column(name = "updated_at", insertable = false, updatable = false)
    private @Nullable Instant updatedAt;

    protected JobData() {
        // for JPA
        this.key = new JobKey();
        this.retryGroup = "";
    }

    public JobData(JobId id, Tenant tenant, String retryGroup) {
        this.key = JobKey.of(id);
        this.tenant = tenant.value();
        this.retryGroup = retryGroup;
        this.attempt = 1;
    }

    public JobKey getKey() {
        return key;
    }

    public Tenant getTenant() {
        return Tenant.of(tenant);
    }

    /** The payload as JSON object text, or null when the job has none. */
    public @Nullable String getProperties() {
        return properties;
    }

    public void setProperties(@Nullable String properties) {
        this.properties = properties;
    }

    public @Nullable String getStringUdf1() {
        return stringUdf1;
    }

    public void setStringUdf1(@Nullable String stringUdf1) {
        this.stringUdf1 = stringUdf1;
    }

    public @Nullable String getStringUdf2() {
        return stringUdf2;
    }

    public void setStringUdf2(@Nullable String stringUdf2) {
        this.stringUdf2 = stringUdf2;
    }

    public @Nullable Integer getIntUdf1() {
        return intUdf1;
    }

    public void setIntUdf1(@Nullable Integer intUdf1) {
        this.intUdf1 = intUdf1;
    }

    public @Nullable Integer getIntUdf2() {
        return intUdf2;
    }

    public void setIntUdf2(@Nullable Integer intUdf2) {
        this.intUdf2 = intUdf2;
    }

    /** The UUID shared by a job and all of its retry rows. */
    public String getRetryGroup() {
        return retryGroup;
    }

    /**
     * Which run of its retry group this row is, from 1; null on rows the Go library wrote.
     */
    public @Nullable Integer getAttempt() {
        return attempt;
    }

    public @Nullable Instant getCreatedAt() {
        return createdAt;
    }

    public @Nullable Instant getUpdatedAt() {
        return updatedAt;
    }
}
