package dev.jobqueue.benchmarks;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;

/**
 * JobRunr with its SQL storage on the same server (it creates its own {@code jobrunr_*}
 * tables), a Hikari pool at Hikari's defaults and a background job server of W workers,
 * started for each run and stopped after it. The job is a static no-op taking the scheduling
 * time, {@link JobRunrNoop#run(long)}.
 */
final class JobRunrPeer implements Peer {

    static final String VERSION = "8.7.0";

    private final BenchDatabase db;
    private final int workers;
    private final HikariDataSource dataSource;
    private final JobScheduler scheduler;
    private final BackgroundJobServer server;
    private boolean started;

    JobRunrPeer(BenchDatabase db, int workers) {
        this.db = db;
        this.workers = workers;
        this.dataSource = PeerDataSource.create("jobrunr", db);
        JobRunrConfigurationResult jobRunr = JobRunr.configure()
                .useStorageProvider(SqlStorageProviderFactory.using(dataSource))
                .useBackgroundJobServer(
                        usingStandardBackgroundJobServerConfiguration().andWorkerCount(workers), false)
                .initialize();
        this.scheduler = jobRunr.getJobScheduler();
        this.server = jobRunr.getBackgroundJobServer();
    }

    @Override
    public String name() {
        return "JobRunr " + VERSION;
    }

    @Override
    public String settings() {
        return "worker count " + workers + " (`andWorkerCount`); storage `SqlStorageProviderFactory.using(dataSource)`";
    }

    @Override
    public void clear() throws Exception {
        db.run("TRUNCATE TABLE jobrunr_jobs");
    }

    @Override
    public void enqueue(int jobs) {
        for (int done = 0; done < jobs; done += RowWriter.CHUNK) {
            int count = Math.min(RowWriter.CHUNK, jobs - done);
            List<Long> ticks = new ArrayList<>(count);
            long now = Latencies.nowMicros();
            for (int i = 0; i < count; i++) {
                ticks.add(now);
            }
            scheduler.enqueue(ticks.stream(), (Long t) -> JobRunrNoop.run(t));
        }
    }

    @Override
    public void startWorkers() {
        server.start();
        started = true;
    }

    @Override
    public void stopWorkers() {
        if (started) {
            server.stop();
            started = false;
        }
    }

    @Override
    public long runs() {
        return JobRunrNoop.runs();
    }

    @Override
    public long unfinished() throws Exception {
        return db.count("SELECT COUNT(*) FROM jobrunr_jobs WHERE state <> 'SUCCEEDED'");
    }

    @Override
    public void close() {
        stopWorkers();
        JobRunr.destroy();
        dataSource.close();
    }
}
