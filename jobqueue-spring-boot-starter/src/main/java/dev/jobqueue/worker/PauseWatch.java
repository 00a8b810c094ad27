package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.JobQueue;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the paused job types (issue #14): the whole pause table, read at most
 * once per refresh interval for all pollers of the node, so a pause or a resume on any node
 * reaches every poller within that interval. When the table cannot be read, the last view stays.
 */
final class PauseWatch {

    private static final Logger LOGGER = LoggerFactory.getLogger(PauseWatch.class);

    private final JobQueue queue;
    private final long refreshNanos;
    private volatile List<PausedQueue> paused = List.of();
    private long readAt;
    private boolean read;
    private boolean failing;

    PauseWatch(JobQueue queue, Duration refresh) {
        this.queue = queue;
        this.refreshNanos = refresh.toNanos();
    }

    /** Whether no claim of this type and tenant may be made now. */
    boolean isPaused(JobType type, Tenant tenant) {
        refreshIfStale();
        return covers(paused, type, tenant);
    }

    /** The pauses as last read, without reading them again. */
    List<PausedQueue> lastRead() {
        return paused;
    }

    private synchronized void refreshIfStale() {
        long now = System.nanoTime();
        if (read && now - readAt < refreshNanos) {
            return;
        }
        try {
            List<PausedQueue> current = queue.paused();
            if (!current.equals(paused)) {
                LOGGER.info("Paused job types are now {}", current.isEmpty() ? "none" : current);
            }
            paused = current;
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOGGER.warn("Could not read the paused job types; keeping the last ones read ({})", paused, e);
            }
            failing = true;
        }
        read = true;
        readAt = now;
    }

    static boolean covers(List<PausedQueue> pauses, JobType type, Tenant tenant) {
        for (PausedQueue pause : pauses) {
            if (pause.covers(type, tenant)) {
                return true;
            }
        }
        return false;
    }
}
