package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.RateLimit;
import dev.jobqueue.domain.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The flow limits of one queue, changeable at run time: per job type (all tenants together) or
 * per job type and tenant, a cap on the jobs in PROCESSING across the cluster and a rate limit on
 * job starts (claims) across the cluster. The limits are this node's: every node enforces the ones
 * it knows, in the database (see docs/flow-control.md), so nodes should be given the same ones.
 * Thread-safe; a change applies to the next claim.
 *
 * <p>With no limit on a job type its claims take the unchanged path: no limiter row is locked and
 * nothing is counted.
 *
 * @since 0.2.0
 */
public final class FlowLimits {

    /** Most jobs in PROCESSING a cap may allow. */
    public static final int MAX_CONCURRENCY = 100_000;

    /** The tenant column value of a limit that covers every tenant of a type. */
    static final int ALL_TENANTS = -1;

    private final Map<Key, Rule> rules = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> throttled = new ConcurrentHashMap<>();
    private final Map<Key, Integer> running = new ConcurrentHashMap<>();
    private volatile boolean empty = true;

    record Key(int type, int tenant) {}

    /** The limits under one key; a claim of the key's type and tenant locks its row. */
    record Rule(
            Key key,
            @Nullable Integer maxConcurrency,
            @Nullable RateLimit rateLimit) {

        boolean isEmpty() {
            return maxConcurrency == null && rateLimit == null;
        }
    }

    /**
     * Caps the jobs of {@code type} (of {@code tenant}, or of all tenants together when it is
     * null) in PROCESSING across the cluster; {@code null} removes the cap.
     *
     * @param maxConcurrency 1..100,000, or null
     * @throws InvalidJobInputException when out of range; nothing changes then
     */
    public synchronized void setMaxConcurrency(
            JobType type, @Nullable Tenant tenant, @Nullable Integer maxConcurrency) {
        if (maxConcurrency != null && (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY)) {
            throw InvalidJobInputException.outOfRange("maxConcurrency", 1, MAX_CONCURRENCY, maxConcurrency);
        }
        Key key = key(type, tenant);
        update(key, new Rule(key, maxConcurrency, rule(key).rateLimit()));
    }

    /**
     * Limits the starts of jobs of {@code type} (of {@code tenant}, or of all tenants together
     * when it is null) across the cluster; {@code null} removes the limit.
     */
    public synchronized void setRateLimit(JobType type, @Nullable Tenant tenant, @Nullable RateLimit rateLimit) {
        Key key = key(type, tenant);
        update(key, new Rule(key, rule(key).maxConcurrency(), rateLimit));
    }

    /** The cap of {@code type} for {@code tenant}, or for all its tenants together when it is null. */
    public OptionalInt maxConcurrency(JobType type, @Nullable Tenant tenant) {
        Integer max = rule(key(type, tenant)).maxConcurrency();
        return max == null ? OptionalInt.empty() : OptionalInt.of(max);
    }

    /** The rate limit of {@code type} for {@code tenant}, or for all its tenants together when it is null. */
    public Optional<RateLimit> rateLimit(JobType type, @Nullable Tenant tenant) {
        return Optional.ofNullable(rule(key(type, tenant)).rateLimit());
    }

    /** Whether any limit applies to jobs of {@code type}. */
    public boolean limits(JobType type) {
        if (empty) {
            return false;
        }
        for (Key key : rules.keySet()) {
            if (key.type() == type.id()) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many claims of {@code type} on this node a limit refused or cut short since the start
     * (claims, not jobs: a claim asks for the room its worker has, not for the jobs that are due).
     */
    public long throttledClaims(JobType type) {
        AtomicLong count = throttled.get(type.id());
        return count == null ? 0 : count.get();
    }

    /**
     * The jobs of {@code type} in PROCESSING across the cluster, as this node's last claim under a
     * cap counted them (the type's count under a cap of all tenants, else the sum of the latest
     * counts of the capped tenants); empty before such a claim.
     */
    public OptionalInt running(JobType type) {
        Integer all = running.get(new Key(type.id(), ALL_TENANTS));
        if (all != null) {
            return OptionalInt.of(all);
        }
        int sum = 0;
        boolean seen = false;
        for (Map.Entry<Key, Integer> entry : running.entrySet()) {
            if (entry.getKey().type() == type.id()) {
                sum += entry.getValue();
                seen = true;
            }
        }
        return seen ? OptionalInt.of(sum) : OptionalInt.empty();
    }

    /** Whether no limit is set on any type: the claim path then never looks further. */
    boolean isEmpty() {
        return empty;
    }

    /** The limits a claim of {@code type} for {@code tenant} obeys, the type's own first (the order rows are locked in). */
    List<Rule> rulesFor(JobType type, Tenant tenant) {
        List<Rule> found = new ArrayList<>(2);
        Rule all = rules.get(new Key(type.id(), ALL_TENANTS));
        if (all != null) {
            found.add(all);
        }
        Rule own = rules.get(new Key(type.id(), tenant.value()));
        if (own != null) {
            found.add(own);
        }
        return found;
    }

    void throttled(JobType type) {
        throttled.computeIfAbsent(type.id(), id -> new AtomicLong()).incrementAndGet();
    }

    void counted(Key key, int jobs) {
        running.put(key, jobs);
    }

    private Rule rule(Key key) {
        Rule rule = rules.get(key);
        return rule == null ? new Rule(key, null, null) : rule;
    }

    private synchronized void update(Key key, Rule rule) {
        if (rule.isEmpty()) {
            rules.remove(key);
            running.remove(key);
        } else {
            rules.put(key, rule);
        }
        empty = rules.isEmpty();
    }

    private static Key key(JobType type, @Nullable Tenant tenant) {
        return new Key(type.id(), tenant == null ? ALL_TENANTS : tenant.value());
    }
}
