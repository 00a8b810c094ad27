package dev.jobqueue.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.CorrelationScope;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.persistence.internal.LockContention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The second process of {@link CrossProcessLockContentionIntegrationTests}: runs a
 * {@link ContendingWorkload} on its own pool and writes what it did to a file, one line each:
 * {@code scheduled <id>}, {@code claimed <id>}, {@code completed <id>}, {@code lost <id>}, and
 * last {@code contention <retries> <exhausted> <surfaced>}.
 *
 * <p>Arguments: JDBC URL, user, password, table base name, output file.
 */
public final class ContendingProcess {

    private ContendingProcess() {}

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args[2]);
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JobQueue queue = JobQueue.create(
                    pool,
                    JobQueueSettings.defaults()
                            .withTable(TableName.of(args[3]))
                            .withCorrelationScope(ContendingWorkload.TYPE, CorrelationScope.TYPE));
            ContendingWorkload workload = new ContendingWorkload(queue, true);
            System.out.println("started");
            workload.run();
            LockContention contention = queue.lockContention();
            List<String> lines = new ArrayList<>();
            add(lines, "scheduled", workload.scheduled);
            add(lines, "claimed", workload.claimed);
            add(lines, "completed", workload.completed);
            add(lines, "lost", workload.lost);
            lines.add("contention " + contention.retries() + " " + contention.exhausted() + " "
                    + workload.surfaced.get());
            Files.write(Path.of(args[4]), lines);
        }
    }

    private static void add(List<String> lines, String what, Collection<JobId> ids) {
        synchronized (ids) {
            ids.forEach(id -> lines.add(what + " " + id.value()));
        }
    }
}
