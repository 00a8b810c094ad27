package dev.jobqueue.domain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job type that no node claims, for one tenant or for all of them, until it is resumed.
 *
 * @param type the paused job type
 * @param tenant the paused tenant, or null when the type is paused for every tenant
 * @param since when it was paused
 * @param by who paused it (free text: an operator, a node)
 * @since 0.2.0
 */
public record PausedQueue(JobType type, @Nullable Tenant tenant, Instant since, String by) {

    /** Whether this pause stops the claims of {@code type} for {@code tenant}. */
    public boolean covers(JobType type, Tenant tenant) {
        return this.type.equals(type) && (this.tenant == null || this.tenant.equals(tenant));
    }
}
