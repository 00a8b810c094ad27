package dev.jobqueue.worker;

import dev.jobqueue.domain.Tenant;
import org.jspecify.annotations.Nullable;

/**
 * The database of a shard of {@link TenantShards} could not be reached; nothing was written.
 * The other shards are not affected.
 *
 * @since 0.2.0
 */
public final class ShardUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String shard;
    private final transient @Nullable Tenant tenant;

    ShardUnavailableException(String shard, @Nullable Tenant tenant, Throwable cause) {
        super(
                "The database of shard '" + shard + "'" + (tenant == null ? "" : " (tenant " + tenant + ")")
                        + " cannot be reached: " + cause.getMessage(),
                cause);
        this.shard = shard;
        this.tenant = tenant;
    }

    /** The name of the shard, {@link TenantShards#DEFAULT} for the default database. */
    public String shard() {
        return shard;
    }

    /** The tenant whose job was being scheduled or read, or null for a read by id alone. */
    public @Nullable Tenant tenant() {
        return tenant;
    }
}
