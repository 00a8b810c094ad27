package dev.jobqueue.dashboard;

import dev.jobqueue.domain.BatchProgress;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.scheduling.Jobs;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The batches page (the newest batches with their progress) and the page of one batch: its
 * members' counts and its callback job with its state, read with {@link Jobs#recentBatches(int)}
 * and {@link Jobs#batch(String)}.
 */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}")
class BatchesController {

    static final int RECENT = 100;

    private final Jobs jobs;

    BatchesController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/batches")
    String batches(Model model) {
        model.addAttribute("batches", jobs.recentBatches(RECENT));
        model.addAttribute("limit", RECENT);
        return "jobqueue/batches";
    }

    @GetMapping("/batches/{id}")
    String batch(@PathVariable String id, Model model) {
        String batchId = uuid(id);
        BatchProgress batch =
                jobs.batch(batchId).orElseThrow(() -> new BatchNotFoundException("No batch has the id " + batchId));
        Optional<JobDetails> callback = batch.callback() == null ? Optional.empty() : jobs.find(batch.callback());
        model.addAttribute("batch", batch);
        model.addAttribute("callbackJob", callback.orElse(null));
        return "jobqueue/batch";
    }

    private static String uuid(String text) {
        try {
            return UUID.fromString(text.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidJobInputException("batch", "a batch id is a UUID but was '" + text + "'");
        }
    }

    /** No batch has the id asked for: the page says so with a 404. */
    static final class BatchNotFoundException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BatchNotFoundException(String message) {
            super(message);
        }
    }
}
