package dev.jobqueue.worker;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.JobQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Tenants spread over several databases: each {@link Shard} is one database (one {@link JobQueue})
 * holding some tenants, and a tenant named by no shard lives in the default database, if one is
 * given. Scheduling goes to the tenant's shard only; a read by id asks the tenant's shard when the
 * tenant is known and every reachable shard otherwise. Workers run per shard, each serving the
 * tenants of its shard (see {@link Shard#tenants()}), so one database going down stops only its
 * tenants' jobs.
 *
 * <p>Every job of one {@link #scheduleAll} call must live in one database: there is no
 * transaction across two.
 *
 * @since 0.2.0
 */
public final class TenantShards {

    /** The name of the shard that holds the tenants no other shard names. */
    public static final String DEFAULT = "default";

    /**
     * One database and the tenants it holds.
     *
     * @param name for messages and logs
     * @param queue the store on that database
     * @param tenants the tenants whose jobs live there, at least one
     * @since 0.2.0
     */
    public record Shard(String name, JobQueue queue, Set<Tenant> tenants) {

        public Shard {
            tenants = Set.copyOf(new LinkedHashSet<>(tenants));
            if (name.isBlank() || name.equals(DEFAULT)) {
                throw new IllegalArgumentException("A shard needs a name other than '" + DEFAULT + "': " + name);
            }
            if (tenants.isEmpty()) {
                throw new IllegalArgumentException("Shard '" + name + "' names no tenant");
            }
        }
    }

    private final Map<Tenant, Shard> byTenant;
    private final List<Shard> shards;
    private final @Nullable JobQueue fallback;

    private TenantShards(List<Shard> shards, @Nullable JobQueue fallback) {
        Map<Tenant, Shard> byTenant = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (Shard shard : shards) {
            if (!names.add(shard.name())) {
                throw new IllegalArgumentException("Two shards are named '" + shard.name() + "'");
            }
            for (Tenant tenant : shard.tenants()) {
                Shard other = byTenant.putIfAbsent(tenant, shard);
                if (other != null) {
                    throw new IllegalArgumentException("Tenant " + tenant + " is named by two shards, '" + other.name()
                            + "' and '" + shard.name() + "': a tenant lives in one database");
                }
            }
        }
        this.byTenant = Map.copyOf(byTenant);
        this.shards = List.copyOf(shards);
        this.fallback = fallback;
    }

    /**
     * Tenants on {@code shards}; a tenant none of them names is refused.
     *
     * @throws IllegalArgumentException when two shards name one tenant (the message names both) or share a name
     */
    public static TenantShards of(List<Shard> shards) {
        return new TenantShards(shards, null);
    }

    /**
     * Tenants on {@code shards}; a tenant none of them names lives in {@code defaultQueue}.
     *
     * @throws IllegalArgumentException when two shards name one tenant (the message names both) or share a name
     */
    public static TenantShards of(List<Shard> shards, JobQueue defaultQueue) {
        return new TenantShards(shards, defaultQueue);
    }

    /** The shards, in the order given (without the default database). */
    public List<Shard> shards() {
        return shards;
    }

    /** The name of the database {@code tenant} lives in: its shard's, or {@link #DEFAULT}. */
    public String shardOf(Tenant tenant) {
        Shard shard = byTenant.get(tenant);
        if (shard != null) {
            return shard.name();
        }
        requireFallback(tenant);
        return DEFAULT;
    }

    /** The store {@code tenant}'s jobs live in. */
    public JobQueue queueOf(Tenant tenant) {
        Shard shard = byTenant.get(tenant);
        return shard != null ? shard.queue() : requireFallback(tenant);
    }

    /**
     * Schedules {@code job} into its tenant's database.
     *
     * @throws ShardUnavailableException when that database cannot be reached; nothing is written
     */
    public JobId schedule(NewJob job) {
        Tenant tenant = job.tenant();
        return onShard(tenant, () -> queueOf(tenant).schedule(job));
    }

    /**
     * Schedules {@code jobs}, all or none, into the one database their tenants live in.
     *
     * @throws IllegalArgumentException when their tenants live in more than one database
     * @throws ShardUnavailableException when that database cannot be reached; nothing is written
     */
    public List<JobId> scheduleAll(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        Tenant first = jobs.get(0).tenant();
        String shard = shardOf(first);
        for (NewJob job : jobs) {
            String other = shardOf(job.tenant());
            if (!other.equals(shard)) {
                throw new IllegalArgumentException("Jobs of tenant " + first + " (shard '" + shard + "') and tenant "
                        + job.tenant() + " (shard '" + other + "') cannot be scheduled together: they live in two "
                        + "databases; schedule them in one call per shard");
            }
        }
        return onShard(first, () -> queueOf(first).scheduleAll(jobs));
    }

    /**
     * The job {@code id} of {@code tenant}, read from that tenant's database.
     *
     * @throws ShardUnavailableException when that database cannot be reached
     */
    public Optional<JobDetails> details(Tenant tenant, JobId id) {
        return onShard(tenant, () -> queueOf(tenant).details(id));
    }

    /**
     * The job {@code id}, whatever its tenant: every database is asked in turn, the shards first,
     * until one has it. A database that cannot be reached is skipped, unless no reachable one
     * has the job.
     *
     * @throws ShardUnavailableException when no reachable database has the job and one could not be asked
     */
    public Optional<JobDetails> details(JobId id) {
        List<ShardUnavailableException> unreachable = new ArrayList<>();
        for (Shard shard : shards) {
            Optional<JobDetails> found = ask(shard.name(), shard.queue(), id, unreachable);
            if (found.isPresent()) {
                return found;
            }
        }
        if (fallback != null) {
            Optional<JobDetails> found = ask(DEFAULT, fallback, id, unreachable);
            if (found.isPresent()) {
                return found;
            }
        }
        if (!unreachable.isEmpty()) {
            ShardUnavailableException first = unreachable.get(0);
            unreachable.subList(1, unreachable.size()).forEach(first::addSuppressed);
            throw first;
        }
        return Optional.empty();
    }

    /**
     * Whether {@code failure} says a database cannot be reached (no connection, a connection
     * lost), as opposed to an error of the statement or its input.
     */
    public static boolean isUnreachable(Throwable failure) {
        return OutageLog.isOutage(failure);
    }

    /**
     * Runs {@code call} on the store of {@code tenant}'s database.
     *
     * @throws ShardUnavailableException when that database cannot be reached
     */
    public <T> T onShardOf(Tenant tenant, Function<JobQueue, T> call) {
        return onShard(tenant, () -> call.apply(queueOf(tenant)));
    }

    private static Optional<JobDetails> ask(
            String name, JobQueue queue, JobId id, List<ShardUnavailableException> unreachable) {
        try {
            return queue.details(id);
        } catch (RuntimeException e) {
            if (!OutageLog.isOutage(e)) {
                throw e;
            }
            unreachable.add(new ShardUnavailableException(name, null, e));
            return Optional.empty();
        }
    }

    private <T> T onShard(Tenant tenant, Supplier<T> call) {
        String shard = shardOf(tenant);
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (OutageLog.isOutage(e)) {
                throw new ShardUnavailableException(shard, tenant, e);
            }
            throw e;
        }
    }

    private JobQueue requireFallback(Tenant tenant) {
        if (fallback == null) {
            throw new IllegalArgumentException(
                    "Tenant " + tenant + " lives in no shard and there is no default database; shards: " + names());
        }
        return fallback;
    }

    private List<String> names() {
        return shards.stream().map(Shard::name).toList();
    }
}
