package dev.jobqueue.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work on one named daemon thread: tasks repeated with a fixed delay, each guarded
 * so that an exception is logged and the task runs again at its next turn (a plain
 * {@link ScheduledExecutorService} silently drops a task that threw; an {@link Error} still ends it). The owner closes it when
 * it stops, which interrupts a running task. Not API: public only so that the workers, the
 * partition maintenance and the metrics share it.
 */
public final class DaemonScheduler implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DaemonScheduler.class);

    private final String name;
    private final ScheduledExecutorService executor;

    private DaemonScheduler(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, name));
    }

    /** A scheduler whose one thread is the daemon thread {@code name}. */
    public static DaemonScheduler named(String name) {
        return new DaemonScheduler(name);
    }

    /** Runs {@code task} after {@code initialDelay}, then {@code delay} after each run ends. */
    public void repeat(Duration initialDelay, Duration delay, Runnable task) {
        executor.scheduleWithFixedDelay(
                () -> runGuarded(task), initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once, after {@code delay}. */
    public void once(Duration delay, Runnable task) {
        executor.schedule(() -> runGuarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the thread: no task starts any more, and a running one is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return executor.isShutdown();
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> daemon(runnable, prefix + "-" + count.incrementAndGet());
    }

    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOGGER.error(
                    "A task of {} failed unexpectedly; it runs again at its next turn: {}",
                    name,
                    Redaction.describe(e));
        } catch (Error e) {
            LOGGER.error("A task of {} failed with an error and will not run again", name, e);
            throw e;
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
