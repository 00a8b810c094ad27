package dev.jobqueue.dashboard;

import dev.jobqueue.domain.JobCount;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.scheduling.Jobs;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Cancel or retry every job the current search matches: the confirm page says how many (a capped
 * count), then the POST runs {@link Jobs#cancelAll} or {@link Jobs#retryAll}.
 */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}/bulk")
class BulkActionsController {

    static final int COUNT_CAP = 100_000;

    private final Jobs jobs;
    private final DashboardPath path;
    private final Operators operators;

    BulkActionsController(Jobs jobs, DashboardPath path, Operators operators) {
        this.jobs = jobs;
        this.path = path;
        this.operators = operators;
    }

    @GetMapping("/{action:cancel|retry}")
    String confirm(
            @PathVariable String action, @ModelAttribute SearchForm form, HttpServletRequest request, Model model) {
        operators.require(request);
        JobFilter filter = form.toFilter();
        boolean cancel = action.equals("cancel");
        // The jobs the action would change: unfinished ones for a cancel, failed for good or cancelled for a retry.
        JobCount count = cancel ? unfinished(filter) : retryable(filter);
        String verb = cancel ? "Cancel" : "Retry";
        model.addAttribute(
                "confirm",
                new Confirmation(
                        verb + " the jobs of this search",
                        verb + " " + Counts.text(count) + (cancel ? " unfinished" : " failed or cancelled")
                                + " jobs that match " + describe(form) + "?",
                        path.value() + "/bulk/" + action,
                        form.parameters(),
                        path.value() + "/jobs" + JobsController.query(form)));
        return Confirmation.VIEW;
    }

    @PostMapping("/{action:cancel|retry}")
    String act(
            @PathVariable String action,
            @ModelAttribute SearchForm form,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        operators.require(request);
        JobFilter filter = form.toFilter();
        long changed = action.equals("cancel") ? jobs.cancelAll(filter) : jobs.retryAll(filter);
        redirect.addFlashAttribute(
                "message", (action.equals("cancel") ? "Cancelled " : "Retried ") + changed + " jobs");
        return "redirect:" + path.value() + "/jobs" + JobsController.query(form);
    }

    private JobCount unfinished(JobFilter filter) {
        if (filter.state() != null) {
            return filter.state().isFinished() ? new JobCount(0, false) : jobs.count(filter, COUNT_CAP);
        }
        JobCount scheduled = jobs.count(filter.state(JobState.SCHEDULED), COUNT_CAP);
        JobCount processing = jobs.count(filter.state(JobState.PROCESSING), COUNT_CAP);
        return new JobCount(scheduled.count() + processing.count(), scheduled.capped() || processing.capped());
    }

    private JobCount retryable(JobFilter filter) {
        if (filter.subState() != null) {
            return JobActions.RETRYABLE.contains(filter.subState().code())
                    ? jobs.count(filter, COUNT_CAP)
                    : new JobCount(0, false);
        }
        if (filter.state() != null && filter.state() != JobState.FAILED) {
            return new JobCount(0, false);
        }
        long total = 0;
        boolean capped = false;
        for (int subState : JobActions.RETRYABLE) {
            JobCount count = jobs.count(filter.state(JobState.FAILED).subState(SubState.of(subState)), COUNT_CAP);
            total += count.count();
            capped |= count.capped();
        }
        return new JobCount(total, capped);
    }

    private static String describe(SearchForm form) {
        return form.parameters().isEmpty()
                ? "no filter (every job)"
                : form.parameters().toString();
    }
}
