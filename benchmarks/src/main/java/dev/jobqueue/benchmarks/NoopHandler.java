package dev.jobqueue.benchmarks;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobHandler;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The no-op job of every scenario. Its payload carries when the job was scheduled, so a run
 * records its enqueue-to-start latency when a scenario asks for it.
 */
public class NoopHandler {

    static final int TYPE_ID = 1;
    static final JobType TYPE = JobType.of(TYPE_ID);
    static final String NAME = "noop";

    private final AtomicLong runs = new AtomicLong();
    private volatile @Nullable Latencies latencies;
    private volatile long recordFromMicros;

    /** The payload: the wall-clock time, in microseconds, at which the job was scheduled. */
    public record Tick(long t) {}

    @JobHandler(id = TYPE_ID, name = NAME)
    public void run(Tick tick) {
        Latencies recording = latencies;
        if (recording != null && tick.t() >= recordFromMicros) {
            recording.record(Latencies.nowMicros() - tick.t());
        }
        runs.incrementAndGet();
    }

    long runs() {
        return runs.get();
    }

    /** Records the latency of jobs scheduled from {@code fromMicros} on into {@code into}. */
    void record(Latencies into, long fromMicros) {
        this.recordFromMicros = fromMicros;
        this.latencies = into;
    }

    void stopRecording() {
        this.latencies = null;
    }

    /** The JSON the baseline writes for a tick: what Jackson writes for {@link Tick}. */
    static String payload(long micros) {
        return "{\"t\":" + micros + "}";
    }
}
