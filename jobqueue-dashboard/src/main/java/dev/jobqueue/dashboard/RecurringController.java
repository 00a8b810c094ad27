package dev.jobqueue.dashboard;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.recurring.RecurringJobs;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The recurring schedules (next and last fire time) with pause, resume and trigger now. */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}/recurring")
class RecurringController {

    private final ObjectProvider<RecurringJobs> recurring;
    private final DashboardPath path;
    private final Operators operators;

    RecurringController(ObjectProvider<RecurringJobs> recurring, DashboardPath path, Operators operators) {
        this.recurring = recurring;
        this.path = path;
        this.operators = operators;
    }

    @GetMapping
    String schedules(Model model) {
        RecurringJobs schedules = recurring.getIfAvailable();
        model.addAttribute("enabled", schedules != null);
        model.addAttribute("schedules", schedules == null ? List.of() : schedules.all());
        return "jobqueue/recurring";
    }

    @GetMapping("/{name}/{action:pause|resume|trigger}")
    String confirm(@PathVariable String name, @PathVariable String action, HttpServletRequest request, Model model) {
        operators.require(request);
        RecurringJobs schedules = schedules();
        schedules
                .find(name)
                .orElseThrow(() ->
                        new ResponseStatusException(HttpStatus.NOT_FOUND, "No recurring job is named '" + name + "'"));
        String verb = switch (action) {
            case "pause" -> "Pause";
            case "resume" -> "Resume";
            default -> "Trigger now";
        };
        model.addAttribute(
                "confirm",
                new Confirmation(
                        verb + " recurring job " + name,
                        verb + " the recurring job " + name + "?",
                        path.value() + "/recurring/" + name + "/" + action,
                        Map.of(),
                        path.value() + "/recurring"));
        return Confirmation.VIEW;
    }

    @PostMapping("/{name}/{action:pause|resume|trigger}")
    String act(
            @PathVariable String name,
            @PathVariable String action,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        operators.require(request);
        RecurringJobs schedules = schedules();
        String message = switch (action) {
            case "pause" -> "Paused " + schedules.pause(name).job().name();
            case "resume" -> "Resumed " + schedules.resume(name).job().name();
            default -> {
                JobId job = schedules.triggerNow(name);
                yield "Triggered " + name + ": job " + job.value();
            }
        };
        redirect.addFlashAttribute("message", message);
        return "redirect:" + path.value() + "/recurring";
    }

    private RecurringJobs schedules() {
        RecurringJobs schedules = recurring.getIfAvailable();
        if (schedules == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Recurring jobs are not enabled");
        }
        return schedules;
    }
}
