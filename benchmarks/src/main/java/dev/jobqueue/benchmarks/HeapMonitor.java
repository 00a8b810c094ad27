package dev.jobqueue.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap in use while it runs: sampled every 20 ms, and read from every GC notification
 * both before the collection (the peak, garbage included) and after it (what was still live).
 */
final class HeapMonitor implements AutoCloseable {

    private static final long MB = 1024 * 1024;

    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-monitor");
        thread.setDaemon(true);
        return thread;
    });
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            gc(info.getGcInfo().getMemoryUsageBeforeGc(), info.getGcInfo().getMemoryUsageAfterGc());
        }
    };
    private boolean paused;
    private long peakUsed;
    private long maxAfterGc;
    private int collections;

    HeapMonitor() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        sampler.scheduleAtFixedRate(this::sample, 0, 20, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops counting, while something other than the node under test runs in this JVM (the
     * peers); {@link #resume()} collects their garbage first, outside any timed window.
     */
    synchronized void pause() {
        paused = true;
    }

    void resume() {
        System.gc();
        synchronized (this) {
            paused = false;
        }
    }

    private synchronized void sample() {
        if (paused) {
            return;
        }
        peakUsed = Math.max(
                peakUsed,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    private synchronized void gc(Map<String, MemoryUsage> before, Map<String, MemoryUsage> after) {
        if (paused) {
            return;
        }
        collections++;
        peakUsed = Math.max(peakUsed, heapOf(before));
        maxAfterGc = Math.max(maxAfterGc, heapOf(after));
    }

    /** Heap pools only: code cache and metaspace are not heap. */
    private static long heapOf(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pools.get(pool.getName());
            if (usage != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
                used += usage.getUsed();
            }
        }
        return used;
    }

    synchronized double peakUsedMb() {
        return (double) peakUsed / MB;
    }

    /** The largest live set seen after a collection; NaN when no collection ran. */
    synchronized double maxAfterGcMb() {
        return collections == 0 ? Double.NaN : (double) maxAfterGc / MB;
    }

    synchronized int collections() {
        return collections;
    }

    static double maxHeapMb() {
        return (double) ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MB;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        sample();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Already gone: nothing to undo.
            }
        }
    }
}
