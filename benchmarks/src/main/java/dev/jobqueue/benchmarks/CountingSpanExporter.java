package dev.jobqueue.benchmarks;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the spans it is handed, by kind, and sends them nowhere: tracing's cost without the network. */
final class CountingSpanExporter implements SpanExporter {

    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong withParent = new AtomicLong();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        spans.addAndGet(batch.size());
        withParent.addAndGet(batch.stream()
                .filter(span -> span.getParentSpanContext().isValid())
                .count());
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    long spans() {
        return spans.get();
    }

    long withParent() {
        return withParent.get();
    }
}
