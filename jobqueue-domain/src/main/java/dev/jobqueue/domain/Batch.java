package dev.jobqueue.domain;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A batch as scheduled: its id, the ids of its member jobs in the order given, and the id its
 * callback job will have (fixed when the batch is created, so that the callback can only ever
 * be inserted once). Read its progress with {@code Jobs.batch(id)}.
 *
 * @param id a UUID
 * @param members the first row of each member job
 * @param callback the callback job's id, or null for a batch without a callback
 * @since 0.2.0
 */
public record Batch(
        String id, List<JobId> members, @Nullable JobId callback) {

    public Batch {
        members = List.copyOf(members);
    }
}
