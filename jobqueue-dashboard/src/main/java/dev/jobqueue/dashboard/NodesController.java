package dev.jobqueue.dashboard;

import dev.jobqueue.domain.WorkerNode;
import dev.jobqueue.scheduling.Jobs;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The live worker nodes: host, start, served types and tenants, held jobs, last heartbeat; and
 * each job they hold with its lease expiry.
 */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}")
class NodesController {

    private final Jobs jobs;

    NodesController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/nodes")
    String nodes(Model model) {
        List<WorkerNode> nodes = jobs.nodes();
        model.addAttribute("nodes", nodes);
        model.addAttribute(
                "anyHeld", nodes.stream().anyMatch(node -> !node.held().isEmpty()));
        return "jobqueue/nodes";
    }
}
