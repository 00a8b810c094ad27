package dev.jobqueue.dashboard;

import dev.jobqueue.domain.BatchProgress;
import dev.jobqueue.domain.JobCount;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobNotFoundException;
import dev.jobqueue.domain.JobPage;
import dev.jobqueue.domain.JobPageRequest;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.scheduling.Jobs;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The jobs page (search, newest first, keyset pages, a capped count) and the page of one job
 * (both rows, the attempts of its retry group with why each failed, its payload, and the actions
 * its sub-state allows).
 */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}")
class JobsController {

    static final int PAGE_SIZE = 50;
    static final int COUNT_CAP = 10_000;

    /**
     * Most jobs a user-field search shows: the user fields have no index, so the read is bounded
     * by this limit, not by an index range.
     */
    static final int USER_FIELDS_LIMIT = 100;

    private final Jobs jobs;
    private final DashboardPath path;
    private final Payloads payloads;
    private final JobLifecycle lifecycle;

    JobsController(Jobs jobs, DashboardPath path, Payloads payloads, JobLifecycle lifecycle) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.path = path;
        this.payloads = payloads;
    }

    @GetMapping("/jobs")
    String search(@ModelAttribute("form") SearchForm form, @RequestParam(required = false) String cursor, Model model) {
        if (StringUtils.hasText(form.getId())) {
            return "redirect:" + path.value() + "/jobs/"
                    + JobId.parse(form.getId().trim()).value();
        }
        if (form.byUserFields()) {
            // One more than shown, to tell "100" from "more than 100".
            List<JobDetails> found = jobs.findByUserFields(form.userFields(), USER_FIELDS_LIMIT + 1);
            boolean more = found.size() > USER_FIELDS_LIMIT;
            model.addAttribute(
                    "page", new JobPage(more ? found.subList(0, USER_FIELDS_LIMIT) : found, USER_FIELDS_LIMIT, null));
            model.addAttribute("count", Counts.text(new JobCount(more ? USER_FIELDS_LIMIT : found.size(), more)));
            model.addAttribute("byUserFields", true);
            model.addAttribute("userFieldsLimit", USER_FIELDS_LIMIT);
            model.addAttribute("query", query(form));
            return "jobqueue/jobs";
        }
        JobFilter filter = form.toFilter();
        JobPage page = jobs.search(
                filter,
                cursor == null || cursor.isBlank()
                        ? JobPageRequest.first(PAGE_SIZE)
                        : JobPageRequest.after(cursor, PAGE_SIZE));
        JobCount count = jobs.count(filter, COUNT_CAP);
        model.addAttribute("page", page);
        model.addAttribute("count", Counts.text(count));
        model.addAttribute("query", query(form));
        if (page.nextCursor() != null) {
            model.addAttribute(
                    "next",
                    path.value() + "/jobs" + query(form) + (query(form).isEmpty() ? "?" : "&") + "cursor="
                            + page.nextCursor());
        }
        return "jobqueue/jobs";
    }

    @GetMapping("/jobs/{id}")
    String job(@PathVariable String id, Model model) {
        JobId jobId = JobId.parse(id);
        JobDetails job = jobs.find(jobId).orElseThrow(() -> new JobNotFoundException(jobId, "jobs"));
        List<JobDetails> attempts = job.retryGroup() == null ? List.of(job) : jobs.findByRetryGroup(job.retryGroup());
        model.addAttribute("job", job);
        model.addAttribute(
                "attempts",
                attempts.stream()
                        .map(attempt -> new Attempt(
                                attempt, jobs.failureOf(attempt.id()).orElse(null)))
                        .toList());
        model.addAttribute("payload", payloads.pretty(job.properties()));
        Instant now = Instant.now();
        model.addAttribute("actions", JobActions.allowed(lifecycle, job, now));
        model.addAttribute("lifecycle", LifecyclePlace.of(lifecycle, job, now));
        model.addAttribute("memberOf", jobs.batchOfMember(job).orElse(null));
        model.addAttribute("callbackOf", callbackOf(job));
        return "jobqueue/job";
    }

    /** The batch whose callback this job is: its payload names the batch, and the batch names this job. */
    private @org.jspecify.annotations.Nullable BatchProgress callbackOf(JobDetails job) {
        String batchId = payloads.batchId(job.properties());
        if (batchId == null) {
            return null;
        }
        try {
            UUID.fromString(batchId);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return jobs.batch(batchId)
                .filter(batch -> job.id().equals(batch.callback()))
                .orElse(null);
    }

    /** The form's set fields as a query string, with its {@code ?}, or empty. */
    static String query(SearchForm form) {
        UriComponentsBuilder builder = UriComponentsBuilder.newInstance();
        form.parameters().forEach(builder::queryParam);
        return builder.encode().build().toUriString();
    }

    /** A row of the retry group and why it failed, if it did. */
    record Attempt(JobDetails job, dev.jobqueue.domain.@org.jspecify.annotations.Nullable JobFailure failure) {}
}
