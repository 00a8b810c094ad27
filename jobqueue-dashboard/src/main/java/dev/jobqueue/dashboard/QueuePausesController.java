package dev.jobqueue.dashboard;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.scheduling.Jobs;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pause and resume a job type, for one tenant or every tenant: a confirm page, then the POST. */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}/queues")
class QueuePausesController {

    private final Jobs jobs;
    private final DashboardPath path;
    private final Operators operators;

    QueuePausesController(Jobs jobs, DashboardPath path, Operators operators) {
        this.jobs = jobs;
        this.path = path;
        this.operators = operators;
    }

    @GetMapping("/{action:pause|resume}")
    String confirm(
            @PathVariable String action,
            @RequestParam int type,
            @RequestParam(required = false) Integer tenant,
            HttpServletRequest request,
            Model model) {
        operators.require(request);
        JobType jobType = JobType.of(type);
        Tenant forTenant = tenant == null ? null : Tenant.of(tenant);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", Integer.toString(jobType.id()));
        if (forTenant != null) {
            fields.put("tenant", Integer.toString(forTenant.value()));
        }
        String verb = action.equals("pause") ? "Pause" : "Resume";
        model.addAttribute(
                "confirm",
                new Confirmation(
                        verb + " job type " + jobType,
                        verb + " job type " + jobType + " for " + tenants(forTenant) + "?"
                                + (action.equals("pause")
                                        ? " No node claims its jobs until it is resumed; running jobs finish."
                                        : ""),
                        path.value() + "/queues/" + action,
                        fields,
                        path.value()));
        return Confirmation.VIEW;
    }

    @PostMapping("/{action:pause|resume}")
    String act(
            @PathVariable String action,
            @RequestParam int type,
            @RequestParam(required = false) Integer tenant,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        String who = operators.require(request);
        JobType jobType = JobType.of(type);
        Tenant forTenant = tenant == null ? null : Tenant.of(tenant);
        boolean changed =
                action.equals("pause") ? jobs.pause(jobType, forTenant, who) : jobs.resume(jobType, forTenant);
        redirect.addFlashAttribute(
                "message",
                (action.equals("pause") ? "Paused" : "Resumed") + " job type " + jobType + " for " + tenants(forTenant)
                        + (changed ? "" : " (it already was)"));
        return "redirect:" + path.value();
    }

    private static String tenants(@Nullable Tenant tenant) {
        return tenant == null ? "every tenant" : "tenant " + tenant;
    }
}
