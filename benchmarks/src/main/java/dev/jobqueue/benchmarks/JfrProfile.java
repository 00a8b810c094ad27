package dev.jobqueue.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 19: where jobqueue spends its time at its defaults. One extra, untimed round of single
 * enqueue, batch enqueue and drain, each phase inside a JDK Flight Recorder recording of this
 * JVM ({@code jdk.ExecutionSample} and {@code jdk.NativeMethodSample} every millisecond), read
 * back with {@link RecordingFile}; only the samples of the phase's own threads are counted. The
 * report gives each phase's share per layer (JDBC driver, Hikari, Jackson, Spring, jobqueue),
 * its top frames by self samples and jobqueue's methods by inclusive samples.
 */
final class JfrProfile {

    private static final Logger LOGGER = LoggerFactory.getLogger(JfrProfile.class);
    private static final Duration PERIOD = Duration.ofMillis(1);
    private static final int TOP = 10;
    private static final String BATCH_THREAD = "profiled-batch-enqueue";

    private final List<Phase> phases = new ArrayList<>();
    private String sizes = "";

    /** The layers a sample is counted for: the first frame from the top that is not the JDK's decides. */
    enum Layer {
        DRIVER("JDBC driver", "driver"),
        HIKARI("Hikari", "Hikari"),
        JACKSON("Jackson", "Jackson"),
        SPRING("Spring, Hibernate", "Spring"),
        JOBQUEUE("jobqueue", "jobqueue"),
        JDK("JDK only", "JDK"),
        OTHER("other", "other");

        /** The column of the layer table. */
        final String label;
        /** The tag of a frame of this group in the lists. */
        final String tag;

        Layer(String label, String tag) {
            this.label = label;
            this.tag = tag;
        }

        static Layer of(String className) {
            if (className.startsWith("org.mariadb.") || className.startsWith("com.mysql.")) {
                return DRIVER;
            }
            if (className.startsWith("com.zaxxer.")) {
                return HIKARI;
            }
            if (className.startsWith("tools.jackson.") || className.startsWith("com.fasterxml.jackson.")) {
                return JACKSON;
            }
            if (className.startsWith("org.springframework.")
                    || className.startsWith("org.hibernate.")
                    || className.startsWith("jakarta.persistence.")) {
                return SPRING;
            }
            if (className.startsWith("dev.jobqueue.") && !className.startsWith("dev.jobqueue.benchmarks.")) {
                return JOBQUEUE;
            }
            if (jdk(className)) {
                return JDK;
            }
            return OTHER;
        }

        static boolean jdk(String className) {
            return className.startsWith("java.")
                    || className.startsWith("javax.")
                    || className.startsWith("jdk.")
                    || className.startsWith("sun.")
                    || className.startsWith("com.sun.");
        }
    }

    /** Something a phase runs while it is recorded. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** The samples of one kind (on CPU or in native code) of one phase. */
    static final class Samples {
        int count;
        int truncated;
        final Map<String, Integer> self = new HashMap<>();
        final Map<String, Integer> inclusive = new HashMap<>();
        final Map<Layer, Integer> layers = new EnumMap<>(Layer.class);

        void add(RecordedStackTrace stack) {
            List<RecordedFrame> frames = stack.getFrames().stream()
                    .filter(frame -> !glue(className(frame)))
                    .toList();
            if (frames.isEmpty()) {
                return;
            }
            count++;
            if (stack.isTruncated()) {
                truncated++;
            }
            RecordedFrame top = frames.get(0);
            self.merge(name(top) + "` " + Layer.of(className(top)).tag, 1, Integer::sum);
            Layer layer = Layer.JDK;
            for (RecordedFrame frame : frames) {
                String className = className(frame);
                if (!Layer.jdk(className)) {
                    layer = Layer.of(className);
                    break;
                }
            }
            layers.merge(layer, 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                if (Layer.of(className(frame)) == Layer.JOBQUEUE
                        && !frame.getMethod().getName().startsWith("lambda$")
                        && seen.add(name(frame))) {
                    inclusive.merge(name(frame), 1, Integer::sum);
                }
            }
        }

        String percent(int samples) {
            return count == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * samples / count);
        }
    }

    /** One profiled phase: what it ran, whose threads were counted, what they were seen doing. */
    record Phase(
            String name, String threads, double seconds, Samples cpu, Samples natives, Map<String, Integer> others) {}

    /**
     * Profiles the three phases on the default worker node and the producer node, both paused
     * on entry and on return; the tables are truncated before and after.
     */
    void run(
            BenchDatabase db,
            StarterScenarios starter,
            StarterNode worker,
            StarterNode producer,
            BenchmarkOptions options)
            throws Exception {
        // More jobs than a measured round: most of a phase is spent waiting for the server, and
        // only the moments a thread runs Java code give an on-CPU sample.
        int jobs = 3 * options.jobs();
        int threads = options.singleThreads();
        int single = 2 * options.singleJobs();
        LOGGER.info("JFR profile: single enqueue of {}, batch enqueue and drain of {} jobs", single, jobs);
        sizes = String.format(
                Locale.ROOT,
                "single enqueue of %,d jobs from %d threads through the producer node, batch enqueue of %,d jobs"
                        + " (`scheduleAll` of %d) through the default worker node, then the drain of those jobs by its"
                        + " %d workers",
                (single / threads) * threads,
                threads,
                jobs,
                RowWriter.CHUNK,
                options.workers());
        Path dir = options.workDir();
        Files.createDirectories(dir);
        db.truncate();
        phases.add(record(
                dir,
                "single enqueue",
                "`single-enqueue-*`",
                name -> name.startsWith("single-enqueue-"),
                () -> starter.singleEnqueue(producer, threads, single, new Latencies())));
        db.truncate();
        phases.add(record(
                dir,
                "batch enqueue",
                "the one thread calling `scheduleAll`",
                name -> name.startsWith(BATCH_THREAD + "-"),
                () -> Parallel.run(1, BATCH_THREAD, t -> worker.scheduleBatches(jobs, RowWriter.CHUNK))));
        phases.add(record(
                dir,
                "drain",
                "the worker node's poller, handler and completion threads, `jobqueue-poll-noop-*`,"
                        + " `jobqueue-noop-*`, `jobqueue-complete-noop`",
                JfrProfile::workerThread,
                () -> starter.drain(worker, jobs)));
        db.truncate();
    }

    /** The threads JobWorkers and TypeWorker start for the no-op type; only the measured node's run. */
    private static boolean workerThread(String name) {
        return name.startsWith("jobqueue-poll-" + NoopHandler.NAME + "-")
                || name.startsWith("jobqueue-" + NoopHandler.NAME + "-")
                || name.equals("jobqueue-complete-" + NoopHandler.NAME);
    }

    private static Phase record(Path dir, String name, String threads, Predicate<String> counted, Work work)
            throws Exception {
        Path file = Files.createTempFile(dir, "jobqueue-profile-", ".jfr");
        double seconds;
        try {
            try (Recording recording = new Recording()) {
                recording.setName("jobqueue " + name);
                recording.enable("jdk.ExecutionSample").withPeriod(PERIOD);
                recording.enable("jdk.NativeMethodSample").withPeriod(PERIOD);
                recording.start();
                long start = System.nanoTime();
                work.run();
                seconds = (System.nanoTime() - start) / 1e9;
                recording.stop();
                recording.dump(file);
            }
            Phase phase = new Phase(name, threads, seconds, new Samples(), new Samples(), new HashMap<>());
            read(file, counted, phase);
            LOGGER.info(
                    "JFR profile of the {}: {} samples on CPU, {} in native code; not counted, other threads: {}",
                    name,
                    phase.cpu().count,
                    phase.natives().count,
                    sorted(phase.others()).stream().limit(8).toList());
            return phase;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void read(Path file, Predicate<String> counted, Phase phase) throws IOException {
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                Samples samples = type.equals("jdk.ExecutionSample")
                        ? phase.cpu()
                        : type.equals("jdk.NativeMethodSample") ? phase.natives() : null;
                RecordedThread thread = event.getThread("sampledThread");
                RecordedStackTrace stack = event.getStackTrace();
                if (samples == null || thread == null || stack == null) {
                    continue;
                }
                String threadName = thread.getJavaName();
                if (threadName != null && counted.test(threadName)) {
                    samples.add(stack);
                } else {
                    String kind = samples == phase.cpu() ? "cpu " : "native ";
                    phase.others().merge(kind + threadName, 1, Integer::sum);
                }
            }
        }
    }

    /** The section of the report, when the profile ran. */
    void report(Report report) {
        if (phases.isEmpty()) {
            return;
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "Recorded with JDK Flight Recorder in this JVM (`jdk.ExecutionSample` and `jdk.NativeMethodSample`"
                        + " every %d ms, stacks of up to 64 frames) in an extra, untimed round after the measured ones"
                        + " (no figure above includes it): %s. Counted: only the phase's own threads (%s); the database"
                        + " server is another process. *On CPU*: a thread running Java code (the JDK takes at most 5"
                        + " per period and drops stacks it cannot walk, so the counts are not CPU time); *in native*: a"
                        + " thread in native code, almost always blocked in a socket read waiting for the server (at"
                        + " most 1 per period). Layer: the first frame from the top outside the JDK (JDK code counts"
                        + " for its caller; *JDK only*: no other frame; *other*: the benchmark's own code, the no-op"
                        + " handler and the building of the jobs, or a library outside these groups, e.g."
                        + " Micrometer).%n%n",
                PERIOD.toMillis(),
                sizes,
                String.join(
                        "; ",
                        phases.stream().map(p -> p.name() + ": " + p.threads()).toList())));
        md.append("| phase | wall s | samples |");
        for (Layer layer : Layer.values()) {
            md.append(' ').append(layer.label).append(" |");
        }
        md.append("\n|---|---:|---:|")
                .append("---:|".repeat(Layer.values().length))
                .append('\n');
        for (Phase phase : phases) {
            layers(md, phase.name() + ", on CPU", Report.number(phase.seconds()), phase.cpu());
            layers(md, phase.name() + ", in native", "", phase.natives());
        }
        for (Phase phase : phases) {
            top(md, phase);
        }
        report.section("Where the time goes: JFR profile of jobqueue at its defaults", md.toString());
    }

    private static void layers(StringBuilder md, String row, String seconds, Samples samples) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %,d |", row, seconds, samples.count));
        for (Layer layer : Layer.values()) {
            int count = samples.layers.getOrDefault(layer, 0);
            md.append(' ').append(count == 0 ? "–" : samples.percent(count)).append(" |");
        }
        md.append('\n');
    }

    private static void top(StringBuilder md, Phase phase) {
        Samples cpu = phase.cpu();
        Samples natives = phase.natives();
        md.append(String.format(
                Locale.ROOT,
                "%n**%s**: %,d samples on CPU, %,d in native; stacks cut at 64 frames: %d and %d. Top frames on CPU"
                        + " by self samples (the frame running), and jobqueue's methods by inclusive samples (on the"
                        + " stack; lambda bodies left out, they count with the method around them), with their share"
                        + " of the native samples too.%n%n",
                phase.name(),
                cpu.count,
                natives.count,
                cpu.truncated,
                natives.truncated));
        md.append("| # | top frame, on CPU | self | jobqueue method on the stack | on CPU | in native |\n");
        md.append("|---:|---|---:|---|---:|---:|\n");
        List<Map.Entry<String, Integer>> self = sorted(cpu.self);
        List<Map.Entry<String, Integer>> inclusive = sorted(cpu.inclusive);
        for (int i = 0; i < Math.min(TOP, Math.max(self.size(), inclusive.size())); i++) {
            Map.Entry<String, Integer> s = i < self.size() ? self.get(i) : null;
            Map.Entry<String, Integer> j = i < inclusive.size() ? inclusive.get(i) : null;
            md.append("| ")
                    .append(i + 1)
                    .append(" | ")
                    .append(s == null ? "" : "`" + s.getKey())
                    .append(" | ")
                    .append(s == null ? "" : cpu.percent(s.getValue()))
                    .append(" | ")
                    .append(j == null ? "" : "`" + j.getKey() + "`")
                    .append(" | ")
                    .append(j == null ? "" : cpu.percent(j.getValue()))
                    .append(" | ")
                    .append(j == null ? "" : natives.percent(natives.inclusive.getOrDefault(j.getKey(), 0)))
                    .append(" |\n");
        }
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return entries;
    }

    /**
     * The generated classes of lambdas and method handles: glue between two frames, left out of
     * every count (a sample whose top frame is one counts for the frame below).
     */
    private static boolean glue(String className) {
        return className.contains("$$Lambda") || className.startsWith("java.lang.invoke.LambdaForm$");
    }

    private static String className(RecordedFrame frame) {
        return frame.getMethod().getType().getName();
    }

    /** {@code Class.method} without the package. */
    private static String name(RecordedFrame frame) {
        String className = className(frame);
        return className.substring(className.lastIndexOf('.') + 1) + "."
                + frame.getMethod().getName();
    }
}
