package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.partition.PartitionInfo.Drop;
import dev.jobqueue.persistence.partition.PartitionLayout.Partition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Lists the partitions of both tables with the drop rule {@link PartitionPlan#drops} applies to
 * each: reads only {@code information_schema.partitions}, never the tables' rows.
 */
final class PartitionListing {

    private final TableName table;
    private final PartitionSettings settings;
    private final PartitionCatalog catalog;

    PartitionListing(TableName table, PartitionSettings settings) {
        this.table = table;
        this.settings = settings;
        this.catalog = new PartitionCatalog(table);
    }

    List<PartitionInfo> list(JdbcTemplate jdbc) {
        PartitionLayout jobs = catalog.layout(jdbc, table.jobs());
        PartitionLayout jobsData = catalog.layout(jdbc, table.jobsData());
        List<PartitionInfo> partitions = new ArrayList<>();
        add(partitions, jobs, jobsData, jobs, catalog.estimatedRows(jdbc, table.jobs()));
        add(partitions, jobsData, jobs, jobs, catalog.estimatedRows(jdbc, table.jobsData()));
        return partitions;
    }

    /**
     * @param jobs the jobs table's layout, whose partition names decide adoption (as in
     *     {@link PartitionPlan#drops})
     */
    private void add(
            List<PartitionInfo> partitions,
            PartitionLayout layout,
            PartitionLayout other,
            PartitionLayout jobs,
            Map<String, Long> rows) {
        for (Partition partition : layout.partitions()) {
            PartitionRange range = layout.range(partition);
            long estimate = rows.getOrDefault(PartitionLayout.key(partition.name()), 0L);
            if (partition.isCatchAll()) {
                partitions.add(new PartitionInfo(range, estimate, Drop.NEVER_CATCH_ALL, null));
                continue;
            }
            var twin = other.withBound(partition.bound())
                    .filter(candidate -> other.lowerBound(candidate) == layout.lowerBound(partition));
            if (twin.isEmpty()) {
                partitions.add(new PartitionInfo(range, estimate, Drop.KEPT_WITHOUT_TWIN, null));
                continue;
            }
            String jobsName = layout == jobs ? partition.name() : twin.get().name();
            if (!settings.dropAdopted() && PartitionPlan.isAdopted(jobsName)) {
                partitions.add(new PartitionInfo(range, estimate, Drop.KEPT_ADOPTED, null));
            } else {
                partitions.add(new PartitionInfo(
                        range, estimate, Drop.AFTER_RETENTION, range.to().plus(settings.retention())));
            }
        }
    }
}
