package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the local poller of a tenant and type when this JVM schedules a job for it, so that
 * the job starts at once instead of after a poll interval.
 *
 * @since 0.1.0
 */
public final class LocalWakeups {

    private final Map<Long, Poller> pollers = new ConcurrentHashMap<>();

    void register(Poller poller) {
        pollers.put(key(poller.tenant(), poller.type()), poller);
    }

    void unregister(Poller poller) {
        pollers.remove(key(poller.tenant(), poller.type()), poller);
    }

    /** Wakes the poller of this tenant and type, if this node runs one. */
    public void wake(Tenant tenant, JobType type) {
        Poller poller = pollers.get(key(tenant, type));
        if (poller != null) {
            poller.wake();
        }
    }

    private static long key(Tenant tenant, JobType type) {
        return tenant.value() * 256L + type.id();
    }
}
