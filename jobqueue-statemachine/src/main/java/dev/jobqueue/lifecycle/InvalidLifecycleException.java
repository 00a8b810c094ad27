package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.JobQueueException;
import java.util.List;

/**
 * A lifecycle that cannot be built: each problem says what to fix. Thrown at startup by
 * {@link JobLifecycle.Builder#build()}.
 *
 * @since 0.1.0
 */
public class InvalidLifecycleException extends JobQueueException {

    private final List<String> problems;

    InvalidLifecycleException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, one sentence each. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.size() == 1) {
            return "Invalid job lifecycle: " + problems.get(0);
        }
        StringBuilder message = new StringBuilder("Invalid job lifecycle, ")
                .append(problems.size())
                .append(" problems:");
        for (String problem : problems) {
            message.append(System.lineSeparator()).append(" - ").append(problem);
        }
        return message.toString();
    }
}
