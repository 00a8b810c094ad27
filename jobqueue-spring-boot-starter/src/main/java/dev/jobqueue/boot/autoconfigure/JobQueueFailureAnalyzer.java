package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobQueueException;
import dev.jobqueue.lifecycle.InvalidLifecycleException;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.internal.SchemaMigrationException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed on a {@link JobQueueException}: what went wrong and what to
 * change. Registered in {@code META-INF/spring.factories}.
 */
class JobQueueFailureAnalyzer extends AbstractFailureAnalyzer<JobQueueException> {

    private static final String NEW_LINE = System.lineSeparator();
    /** Where users of the jar find the properties: the metadata their IDE shows, not our docs folder. */
    private static final String DOCS = "Every jobqueue.* property, its default and what it allows are described in"
            + " the configuration metadata of jobqueue-spring-boot-starter, which IDEs show when editing"
            + " application.properties or application.yml.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, JobQueueException cause) {
        if (cause instanceof InvalidLifecycleException invalid) {
            return invalidLifecycle(invalid);
        }
        if (cause instanceof InvalidJobInputException invalid) {
            return invalidInput(invalid);
        }
        if (cause instanceof SchemaMigrationException failed) {
            return schemaMigration(failed);
        }
        return new FailureAnalysis(
                "jobqueue could not start: " + cause.getMessage(),
                "Correct what the message above names. " + DOCS,
                cause);
    }

    private static FailureAnalysis invalidLifecycle(InvalidLifecycleException cause) {
        String problems =
                cause.problems().stream().map(problem -> "    - " + problem).collect(Collectors.joining(NEW_LINE));
        return new FailureAnalysis(
                "The job lifecycle could not be built from the JobLifecycleCustomizer beans:" + NEW_LINE + problems,
                "Correct the JobLifecycleCustomizer beans as each problem above says, or remove the"
                        + " customizer that declares them.",
                cause);
    }

    private static FailureAnalysis invalidInput(InvalidJobInputException cause) {
        String field = cause.field();
        String property = field.startsWith("jobqueue.") ? field : "jobqueue." + kebabCase(field);
        return new FailureAnalysis(
                "jobqueue refused the value of '" + field + "': " + cause.getMessage(),
                "Correct " + property + " in the application's configuration (or the code that sets '" + field + "'). "
                        + DOCS,
                cause);
    }

    private static FailureAnalysis schemaMigration(SchemaMigrationException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix the database so that the changelog applies: check that it is reachable and that its user"
                        + " may create and alter tables, and resolve the error above. To manage the tables"
                        + " yourself instead, set jobqueue.schema.initialize=false and apply the changelog "
                        + JobQueueSchema.CHANGELOG + " from the classpath of jobqueue-persistence (parameter "
                        + JobQueueSchema.TABLE_PARAMETER
                        + ") with your own migrations.",
                cause);
    }

    private static String kebabCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
