package dev.jobqueue.dashboard;

import dev.jobqueue.scheduling.Jobs;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The live worker nodes: host, start, served types and tenants, held jobs, last heartbeat. */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}")
class NodesController {

    private final Jobs jobs;

    NodesController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/nodes")
    String nodes(Model model) {
        model.addAttribute("nodes", jobs.nodes());
        return "jobqueue/nodes";
    }
}
