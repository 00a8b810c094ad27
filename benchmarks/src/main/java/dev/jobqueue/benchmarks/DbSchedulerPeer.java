package dev.jobqueue.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.MySQL8JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * db-scheduler with a one-time no-op task whose data is the scheduling time (a {@code Long}),
 * on its own {@code scheduled_tasks} table (the MariaDB DDL of its repository) and a Hikari
 * pool at Hikari's defaults. A fresh {@link Scheduler} per run, since a stopped one does not
 * start again; the polling strategy is lock-and-fetch, its fastest here.
 */
final class DbSchedulerPeer implements Peer {

    static final String VERSION = "16.12.0";
    private static final String TABLE = "scheduled_tasks";
    private static final String DDL = """
            CREATE TABLE IF NOT EXISTS scheduled_tasks (
              task_name varchar(100) NOT NULL,
              task_instance varchar(100) NOT NULL,
              task_data blob,
              execution_time timestamp(6) NOT NULL,
              picked BOOLEAN NOT NULL,
              picked_by varchar(50),
              last_success timestamp(6) NULL,
              last_failure timestamp(6) NULL,
              consecutive_failures INT,
              last_heartbeat timestamp(6) NULL,
              version BIGINT NOT NULL,
              priority SMALLINT,
              PRIMARY KEY (task_name, task_instance),
              INDEX execution_time_idx (execution_time),
              INDEX last_heartbeat_idx (last_heartbeat),
              INDEX priority_execution_time_idx (priority DESC, execution_time ASC)
            )
            """;

    private final BenchDatabase db;
    private final int workers;
    private final HikariDataSource dataSource;
    private final AtomicLong runs = new AtomicLong();
    private final OneTimeTask<Long> task;
    private final SchedulerClient client;
    private final AtomicLong instances = new AtomicLong();
    private @Nullable Scheduler scheduler;

    DbSchedulerPeer(BenchDatabase db, int workers) throws Exception {
        this.db = db;
        this.workers = workers;
        db.run(DDL);
        this.dataSource = PeerDataSource.create("db-scheduler", db);
        this.task = Tasks.oneTime("noop", Long.class).execute((instance, context) -> runs.incrementAndGet());
        this.client = SchedulerClient.Builder.create(dataSource, task).build();
    }

    @Override
    public String name() {
        return "db-scheduler " + VERSION;
    }

    @Override
    public String settings() {
        return "`threads(" + workers + ")`; lock-and-fetch polling, `pollUsingLockAndFetch(0.5, 1.0)` (default:"
                + " fetch-and-lock-on-execute), which needs `jdbcCustomization(new MySQL8JdbcCustomization(false))`"
                + " (the detected MariaDB customization refuses lock-and-fetch; MariaDB 10.6+ has SKIP LOCKED)";
    }

    @Override
    public void clear() throws Exception {
        db.run("TRUNCATE TABLE " + TABLE);
    }

    @Override
    public void enqueue(int jobs) {
        for (int done = 0; done < jobs; done += RowWriter.CHUNK) {
            int count = Math.min(RowWriter.CHUNK, jobs - done);
            List<TaskInstance<?>> batch = new ArrayList<>(count);
            long now = Latencies.nowMicros();
            for (int i = 0; i < count; i++) {
                batch.add(task.instance("j" + instances.incrementAndGet(), now));
            }
            client.scheduleBatch(batch, Instant.now());
        }
    }

    @Override
    public void startWorkers() {
        Scheduler started = Scheduler.create(dataSource, task)
                .threads(workers)
                .pollUsingLockAndFetch(0.5, 1.0)
                // Its MariaDB customization refuses lock-and-fetch; MySQL 8's runs it (SKIP LOCKED, MariaDB 10.6+).
                .jdbcCustomization(new MySQL8JdbcCustomization(false))
                .build();
        started.start();
        scheduler = started;
    }

    @Override
    public void stopWorkers() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    @Override
    public long runs() {
        return runs.get();
    }

    @Override
    public long unfinished() throws Exception {
        // A one-time task's row is deleted when it completes.
        return db.count("SELECT COUNT(*) FROM " + TABLE);
    }

    @Override
    public void close() {
        stopWorkers();
        dataSource.close();
    }
}
