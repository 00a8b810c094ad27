package dev.jobqueue.dashboard;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobOperationResult;
import dev.jobqueue.scheduling.Jobs;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Cancel, retry now and run now of one job: a confirm page (GET), then the action (POST). */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}/jobs/{id}")
class JobActionsController {

    private final Jobs jobs;
    private final DashboardPath path;
    private final Operators operators;

    JobActionsController(Jobs jobs, DashboardPath path, Operators operators) {
        this.jobs = jobs;
        this.path = path;
        this.operators = operators;
    }

    @GetMapping("/{action:cancel|retry-now|run-now}")
    String confirm(@PathVariable String id, @PathVariable String action, HttpServletRequest request, Model model) {
        operators.require(request);
        JobId job = JobId.parse(id);
        JobActions chosen = JobActions.fromPath(action);
        String url = path.value() + "/jobs/" + job.value();
        model.addAttribute(
                "confirm",
                new Confirmation(
                        chosen.label() + " job " + job.value(),
                        chosen.label() + " job " + job.value() + "?",
                        url + "/" + chosen.path(),
                        Map.of(),
                        url));
        return Confirmation.VIEW;
    }

    @PostMapping("/{action:cancel|retry-now|run-now}")
    String act(
            @PathVariable String id,
            @PathVariable String action,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        operators.require(request);
        JobId job = JobId.parse(id);
        JobOperationResult result = switch (JobActions.fromPath(action)) {
            case CANCEL -> jobs.cancel(job);
            case RETRY_NOW -> jobs.retryNow(job);
            case RUN_NOW -> jobs.runNow(job);
        };
        redirect.addFlashAttribute("message", result.status() + ": " + result.message());
        JobId shown = result.newJob() == null ? job : result.newJob();
        return "redirect:" + path.value() + "/jobs/" + shown.value();
    }
}
