package dev.jobqueue.dashboard;

import dev.jobqueue.boot.autoconfigure.ScheduledPartitionMaintenance;
import dev.jobqueue.persistence.partition.LivePartition;
import dev.jobqueue.persistence.partition.MaintenanceReport;
import dev.jobqueue.persistence.partition.PartitionMaintainer;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Every partition of the jobs table and its data twin, with bounds, estimated rows and when it
 * will be dropped or why not ({@link PartitionMaintainer#partitions()}); and partition
 * maintenance as its last round saw it (what the {@code partitions} health detail shows):
 * partitions created and dropped, expired ones kept because they still hold live jobs, and the
 * rows in the catch-all.
 */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}")
class PartitionsController {

    private final ObjectProvider<ScheduledPartitionMaintenance> maintenance;
    private final ObjectProvider<PartitionMaintainer> maintainer;

    PartitionsController(
            ObjectProvider<ScheduledPartitionMaintenance> maintenance, ObjectProvider<PartitionMaintainer> maintainer) {
        this.maintenance = maintenance;
        this.maintainer = maintainer;
    }

    @GetMapping("/partitions")
    String partitions(Model model) {
        ScheduledPartitionMaintenance rounds = maintenance.getIfAvailable();
        MaintenanceReport report = rounds == null ? null : rounds.lastReport();
        PartitionMaintainer partitions = maintainer.getIfAvailable();
        List<LivePartition> keptLive = report == null ? List.of() : report.keptLive();
        Instant now = Instant.now();
        model.addAttribute("enabled", rounds != null);
        model.addAttribute("report", report);
        model.addAttribute("failedRounds", rounds == null ? 0 : rounds.failedRounds());
        model.addAttribute("listed", partitions != null);
        model.addAttribute(
                "partitions",
                partitions == null
                        ? List.of()
                        : partitions.partitions().stream()
                                .map(info -> PartitionRow.of(info, keptLive, now))
                                .toList());
        model.addAttribute(
                "retention",
                partitions == null ? null : Durations.text(partitions.settings().retention()));
        return "jobqueue/partitions";
    }
}
