package dev.jobqueue.dashboard;

import dev.jobqueue.boot.autoconfigure.ScheduledPartitionMaintenance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Partition maintenance as its last round saw it (what the {@code partitions} health detail
 * shows): partitions created and dropped with their bounds, expired ones kept because they still
 * hold live jobs, and the rows in the catch-all.
 */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}")
class PartitionsController {

    private final ObjectProvider<ScheduledPartitionMaintenance> maintenance;

    PartitionsController(ObjectProvider<ScheduledPartitionMaintenance> maintenance) {
        this.maintenance = maintenance;
    }

    @GetMapping("/partitions")
    String partitions(Model model) {
        ScheduledPartitionMaintenance rounds = maintenance.getIfAvailable();
        model.addAttribute("enabled", rounds != null);
        model.addAttribute("report", rounds == null ? null : rounds.lastReport());
        model.addAttribute("failedRounds", rounds == null ? 0 : rounds.failedRounds());
        return "jobqueue/partitions";
    }
}
