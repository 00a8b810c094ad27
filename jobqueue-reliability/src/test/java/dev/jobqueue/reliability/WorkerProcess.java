package dev.jobqueue.reliability;

import static org.awaitility.Awaitility.await;

import dev.jobqueue.test.TestSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ReliabilityWorkerApplication} in a JVM of its own, on the test's classpath and the
 * test's java binary, pointed at a test schema. It can be killed ({@code SIGKILL}), suspended
 * ({@code SIGSTOP}) and resumed ({@code SIGCONT}); its output goes to a log file.
 */
final class WorkerProcess implements AutoCloseable {

    /** Handler threads of one worker: {@code scripted} concurrency 8 plus {@code scripted-plain} 2. */
    static final int HANDLER_THREADS = 10;

    /** Lease of every job the worker claims; heartbeats run every third of it. */
    static final Duration LEASE = Duration.ofSeconds(2);

    private final String name;
    private final Process process;
    private final Path log;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts a worker and waits until its pollers run. */
    static WorkerProcess start(TestSchema schema, String name, String... extraProperties) {
        return start(
                new Target(schema.name(), schema.jdbcUrl(), schema.user(), schema.password()), name, extraProperties);
    }

    /** Where a worker connects to. */
    record Target(String database, String jdbcUrl, String user, String password) {}

    static WorkerProcess start(Target target, String name, String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                "--spring.datasource.url=" + target.jdbcUrl(),
                "--spring.datasource.username=" + target.user(),
                "--spring.datasource.password=" + target.password(),
                "--jobqueue.schema.initialize=false",
                "--jobqueue.embedded.enabled=false"));
        properties.addAll(List.of(extraProperties));
        return launch(target.database(), name, properties);
    }

    /**
     * Starts a worker on the starter's own embedded MariaDB (no {@code spring.datasource.url}),
     * on the given data folder and port; it creates jobqueue's tables in {@code database}.
     */
    static WorkerProcess startEmbedded(Path dataDir, int port, String database, String name) {
        return launch(
                database,
                name,
                List.of(
                        "--jobqueue.embedded.data-dir=" + dataDir,
                        "--jobqueue.embedded.port=" + port,
                        "--jobqueue.embedded.database=" + database));
    }

    private static WorkerProcess launch(String database, String name, List<String> properties) {
        Path log = logDirectory().resolve(database + "-" + name + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath()));
        command.add(ReliabilityWorkerApplication.class.getName());
        command.addAll(commonProperties(name));
        command.addAll(properties);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            WorkerProcess worker = new WorkerProcess(name, process, log);
            // A test JVM that dies or is stopped must not leave workers behind.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            worker.awaitStarted();
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start worker " + name, e);
        }
    }

    private static List<String> commonProperties(String name) {
        return List.of(
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--spring.main.banner-mode=off",
                // The workers run on daemon threads: without this a worker-only application exits at once.
                "--spring.main.keep-alive=true",
                "--spring.jpa.open-in-view=false",
                "--logging.level.liquibase=warn",
                "--reliability.worker-name=" + name,
                "--jobqueue.partitions.enabled=false",
                "--jobqueue.worker.poll-interval=50ms",
                "--jobqueue.worker.max-poll-interval=200ms",
                "--jobqueue.worker.recovery-interval=500ms",
                "--jobqueue.worker.shutdown-timeout=5s",
                "--jobqueue.types.scripted.concurrency=8",
                "--jobqueue.types.scripted.batch-size=8",
                "--jobqueue.types.scripted.executions=3",
                "--jobqueue.types.scripted.lease=" + LEASE.toMillis() + "ms",
                "--jobqueue.types.scripted.retry.strategy=fixed",
                "--jobqueue.types.scripted.retry.delay=100ms",
                "--jobqueue.types.scripted.complete-correlated=type",
                "--jobqueue.types.scripted-plain.concurrency=2",
                "--jobqueue.types.scripted-plain.batch-size=4",
                "--jobqueue.types.scripted-plain.executions=3",
                "--jobqueue.types.scripted-plain.lease=" + LEASE.toMillis() + "ms",
                "--jobqueue.types.scripted-plain.retry.strategy=fixed",
                "--jobqueue.types.scripted-plain.retry.delay=100ms");
    }

    private void awaitStarted() {
        await("worker " + name + " started")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    // A worker may have started and died since (a job that ends its JVM).
                    if (log().contains("Workers for scripted (") && log().contains("Workers for scripted-plain (")) {
                        return true;
                    }
                    if (!process.isAlive()) {
                        throw new IllegalStateException(
                                "Worker " + name + " exited with " + process.exitValue() + "; its log:\n" + log());
                    }
                    return false;
                });
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    /** Kills the JVM with SIGKILL: no shutdown hook, no outcome recorded. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the JVM with SIGTERM, which runs Boot's graceful shutdown, and waits for it. */
    void stopGracefully() {
        process.destroy();
        try {
            process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the JVM has exited. */
    boolean exited() {
        return !process.isAlive();
    }

    /** Freezes the JVM with SIGSTOP, as a long GC pause or a hung host would. */
    void suspend() {
        signal("STOP");
    }

    /** Lets a suspended JVM run again with SIGCONT. */
    void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            resume();
            kill();
        }
    }

    private static String classpath() {
        // Surefire runs tests from a manifest-only jar; it names the real classpath here.
        String classpath = System.getProperty("surefire.test.class.path");
        return classpath != null && !classpath.isBlank() ? classpath : System.getProperty("java.class.path");
    }

    private static Path logDirectory() {
        Path directory = Path.of(System.getProperty("reliability.logs", "target/reliability-logs"));
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
