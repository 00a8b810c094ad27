package dev.jobqueue.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The starter's drain with 1, 2, 4 ... worker processes on the same database: each process
 * ({@link ScaleWorkerMain}, this JVM's class path) runs one worker node at jobqueue's defaults
 * with W workers. The fresh processes first drain the warm-up jobs untimed and pause again;
 * then N jobs are enqueued while they wait, and the clock runs from the word to start until no
 * job is scheduled or processing any more.
 */
final class ScaleScenario {

    private static final Logger LOGGER = LoggerFactory.getLogger(ScaleScenario.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final BenchmarkOptions options;
    private final BenchDatabase db;
    private final StarterNode producer;
    private final Results results;

    ScaleScenario(BenchmarkOptions options, BenchDatabase db, StarterNode producer, Results results) {
        this.options = options;
        this.db = db;
        this.producer = producer;
        this.results = results;
    }

    void run() throws Exception {
        for (int processes : options.scaleProcesses()) {
            LOGGER.info("Scale: drain of {} jobs by {} worker processes", options.jobs(), processes);
            db.truncate();
            List<Worker> workers = new ArrayList<>();
            try {
                for (int i = 0; i < processes; i++) {
                    workers.add(new Worker("scale-" + processes + "-" + i));
                }
                for (Worker worker : workers) {
                    worker.awaitReady();
                }
                warmUp(workers);
                producer.scheduleBatches(options.jobs(), RowWriter.CHUNK);
                double[] cpuBefore = {0};
                Measurement measured = Measurement.of(db, options.jobs(), () -> {
                    cpuBefore[0] =
                            workers.stream().mapToDouble(Worker::cpuSeconds).sum();
                    for (Worker worker : workers) {
                        worker.send(ScaleWorkerMain.GO);
                    }
                    awaitDone();
                });
                double workerCpu =
                        workers.stream().mapToDouble(Worker::cpuSeconds).sum() - cpuBefore[0];
                results.scale.put(processes, measured);
                results.scaleBusy.put(
                        processes,
                        (workerCpu + measured.databaseCpuSeconds() + measured.jvmCpuSeconds())
                                / (measured.seconds() * Runtime.getRuntime().availableProcessors()));
                results.scaleCpu.put(
                        processes,
                        "worker processes " + Report.number(workerCpu * 1e6 / options.jobs())
                                + " ms, database " + Report.number(measured.databaseCpuSeconds() * 1e6 / options.jobs())
                                + " ms");
                check(processes);
            } finally {
                for (Worker worker : workers) {
                    worker.stop();
                }
            }
        }
    }

    /** An untimed drain of the warm-up jobs by the fresh processes (JIT, pools), then paused again. */
    private void warmUp(List<Worker> workers) throws Exception {
        int jobs = options.warmupJobs();
        if (jobs == 0) {
            return;
        }
        producer.scheduleBatches(jobs, RowWriter.CHUNK);
        for (Worker worker : workers) {
            worker.send(ScaleWorkerMain.GO);
        }
        awaitDone();
        for (Worker worker : workers) {
            worker.send(ScaleWorkerMain.PAUSE);
        }
        for (Worker worker : workers) {
            worker.awaitPaused();
        }
        db.truncate();
    }

    private void awaitDone() throws Exception {
        long deadline = System.nanoTime() + StarterScenarios.TIMEOUT.toNanos();
        String unfinished = "SELECT COUNT(*) FROM " + db.table().jobs() + " WHERE state IN (1, 2)";
        while (db.count(unfinished) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for the worker processes");
            }
            Thread.sleep(5);
        }
    }

    private void check(int processes) throws Exception {
        String counts = db.countByState().toString();
        LOGGER.info("Rows by state after the scale drain with {} processes: {}", processes, counts);
        results.checks.add("scale drain, " + processes + " processes: " + counts);
    }

    /** The command that runs {@link ScaleWorkerMain} on this JVM's class path: the fat jar's launcher or the class. */
    private static List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
            command.add("-Dloader.main=" + ScaleWorkerMain.class.getName());
            command.add("-cp");
            command.add(classPath);
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(ScaleWorkerMain.class.getName());
        }
        return command;
    }

    /** One worker process, its output read by a thread of its own until it says it is ready. */
    private final class Worker {

        private final String name;
        private final Process process;
        private final Writer input;
        private final CountDownLatch ready = new CountDownLatch(1);
        private final CountDownLatch paused = new CountDownLatch(1);
        private final StringBuilder tail = new StringBuilder();

        Worker(String name) throws IOException {
            this.name = name;
            List<String> command = command();
            command.addAll(List.of(
                    db.url(), db.user(), db.password(), db.table().base(), Integer.toString(options.workers()), name));
            this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
            this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::read, name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals(ScaleWorkerMain.READY)) {
                        ready.countDown();
                    } else if (line.equals(ScaleWorkerMain.PAUSED)) {
                        paused.countDown();
                    } else {
                        synchronized (tail) {
                            tail.append(line).append('\n');
                            if (tail.length() > 8_000) {
                                tail.delete(0, tail.length() - 8_000);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }

        void awaitReady() throws InterruptedException {
            if (!ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !process.isAlive()) {
                synchronized (tail) {
                    throw new IllegalStateException("Worker process " + name + " did not start: " + tail);
                }
            }
        }

        void awaitPaused() throws InterruptedException {
            if (!paused.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Worker process " + name + " did not pause");
            }
        }

        void send(String word) throws IOException {
            input.write(word + "\n");
            input.flush();
        }

        double cpuSeconds() {
            return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }

        void stop() throws InterruptedException {
            try {
                send(ScaleWorkerMain.STOP);
            } catch (IOException e) {
                // Already gone.
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
