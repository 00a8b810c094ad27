package dev.jobqueue.domain;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a search, newest job first.
 *
 * @param jobs the jobs of this page, newest first (by id descending: an id starts with the time
 *     the job was first due, so the job due latest comes first)
 * @param size the size that was asked for
 * @param nextCursor where the next page starts, or null when this page is the last
 * @since 0.2.0
 */
public record JobPage(
        List<JobDetails> jobs, int size, @Nullable String nextCursor) {

    public JobPage {
        jobs = List.copyOf(jobs);
    }

    /**
     * A page of at most {@code size} jobs read from {@code rows}, which holds one job more than
     * the page when there is a next page.
     */
    public static JobPage of(List<JobDetails> rows, int size) {
        if (rows.size() <= size) {
            return new JobPage(rows, size, null);
        }
        List<JobDetails> page = rows.subList(0, size);
        return new JobPage(
                page, size, JobPageRequest.cursorAfter(page.get(size - 1).id()));
    }

    /** The request for the next page, of the same size, or null when this page is the last. */
    public @Nullable JobPageRequest next() {
        return nextCursor == null ? null : JobPageRequest.after(nextCursor, size);
    }
}
