package dev.jobqueue.example;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.worker.JobWorkers;
import dev.jobqueue.worker.TenantShards;
import dev.jobqueue.worker.TenantShards.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

public class ShardedWorkers {

    /** Tenants 1 and 2 in database {@code a}, tenant 3 in database {@code b}. */
    public static TenantShards shards(DataSource a, DataSource b) {
        TableName table = TableName.of("jobs");
        return TenantShards.of(List.of(
                new Shard("a", PlainJavaWorkers.queue(a, table), Set.of(Tenant.of(1), Tenant.of(2))),
                new Shard("b", PlainJavaWorkers.queue(b, table), Set.of(Tenant.of(3)))));
    }

    /** One set of workers per shard, each serving the tenants of its database only. */
    public static List<JobWorkers> startWorkers(TenantShards shards) {
        List<JobWorkers> started = new ArrayList<>();
        for (Shard shard : shards.shards()) {
            started.add(PlainJavaWorkers.startWorkers(shard.queue(), List.copyOf(shard.tenants())));
        }
        return started;
    }

    /** Schedules a greeting for {@code tenant} into its tenant's database. */
    public static JobId greet(TenantShards shards, Tenant tenant, String name) {
        return shards.schedule(NewJob.of(JobType.of(1)).tenant(tenant).properties(new PlainJavaWorkers.Greeting(name)));
    }
}
