package dev.jobqueue.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One system of the side-by-side table: every round of its batch enqueue and drain, and its
 * end-to-end run, with the settings in which it differs from its own defaults.
 */
final class Contender {

    final String name;
    final String settings;
    final List<Measurement> batches = new ArrayList<>();
    final List<Measurement> drains = new ArrayList<>();

    @Nullable
    Measurement mixed;
    /** From the start of a peer's workers to its first job run, in every drain (empty for jobqueue's rows). */
    final Latencies firstRun = new Latencies();
    /** From the start of the clock of a peer's end-to-end run to its first job run. */
    final Latencies firstRunMixed = new Latencies();

    Contender(String name, String settings) {
        this.name = name;
        this.settings = settings;
    }

    Measurement batch() {
        return Measurement.median(batches);
    }

    Measurement drain() {
        return Measurement.median(drains);
    }

    String rounds() {
        return name + ": batch enqueue " + Measurement.rates(batches) + ", drain " + Measurement.rates(drains);
    }
}
