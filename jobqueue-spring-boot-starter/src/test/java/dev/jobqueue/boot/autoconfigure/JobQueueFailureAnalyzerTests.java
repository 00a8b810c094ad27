package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobQueueException;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.lifecycle.InvalidLifecycleException;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.persistence.internal.SchemaMigrationException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/** Each startup failure of jobqueue says what went wrong and what to change. */
class JobQueueFailureAnalyzerTests {

    private final JobQueueFailureAnalyzer analyzer = new JobQueueFailureAnalyzer();

    @Test
    void listsEachProblemOfAnInvalidLifecycle() {
        InvalidLifecycleException invalid = catchThrowableOfType(
                InvalidLifecycleException.class,
                () -> JobLifecycle.builder()
                        .customize(definition -> definition
                                .subState(SubState.of(12), "a")
                                .subState(SubState.of(13), "b")
                                .transition(SubState.of(12), JobEvent.of("hold"), SubState.of(13))
                                .transition(SubState.of(13), JobEvent.of("approve"), SubState.of(12)))
                        .build());

        FailureAnalysis analysis = analyze(invalid);

        assertThat(analysis.getDescription())
                .startsWith("The job lifecycle could not be built from the JobLifecycleCustomizer beans:")
                .contains("    - sub-state SCHEDULED/12 (a) cannot be reached from 10 or 11")
                .contains("    - sub-state SCHEDULED/13 (b) cannot be reached from 10 or 11");
        assertThat(analysis.getAction()).contains("Correct the JobLifecycleCustomizer beans");
        assertThat(analysis.getCause()).isSameAs(invalid);
    }

    @Test
    void namesThePropertyOfARefusedValue() {
        InvalidJobInputException invalid =
                catchThrowableOfType(InvalidJobInputException.class, () -> TableName.of("jobs; drop"));

        FailureAnalysis analysis = analyze(invalid);

        assertThat(analysis.getDescription())
                .startsWith("jobqueue refused the value of 'table': ")
                .contains("table must be a plain SQL identifier");
        assertThat(analysis.getAction()).startsWith("Correct jobqueue.table in the application's configuration");
    }

    @Test
    void keepsAFullPropertyPathAsItIs() {
        FailureAnalysis analysis = analyze(new InvalidJobInputException(
                "jobqueue.types.emails.concurrency",
                "jobqueue.types.emails.concurrency must be between 1 and 1024 but was 0"));

        assertThat(analysis.getAction()).startsWith("Correct jobqueue.types.emails.concurrency in");
    }

    @Test
    void turnsACamelCaseFieldIntoItsProperty() {
        FailureAnalysis analysis = analyze(InvalidJobInputException.outOfRange("defaultExecutions", 1, 255, 0));

        assertThat(analysis.getAction()).startsWith("Correct jobqueue.default-executions in");
    }

    @Test
    void explainsHowToOptOutOfTheSchemaMigration() {
        SchemaMigrationException failed = new SchemaMigrationException(
                TableName.of("orders"), new SQLException("ALTER command denied to user 'app'"));

        FailureAnalysis analysis = analyze(failed);

        assertThat(analysis.getDescription())
                .isEqualTo(
                        "Could not create or update the tables orders and orders_data: ALTER command denied to user 'app'");
        assertThat(analysis.getAction())
                .contains("may create and alter tables")
                .contains("set jobqueue.schema.initialize=false")
                .contains("db/jobqueue/changelog-master.yaml from the classpath of jobqueue-persistence"
                        + " (parameter jobqueue.table)");
    }

    @Test
    void explainsAnyOtherJobQueueFailureByItsMessage() {
        JobQueueException other = new JobQueueException("two handlers declare job type 7: a and b") {};

        FailureAnalysis analysis = analyze(other);

        assertThat(analysis.getDescription())
                .isEqualTo("jobqueue could not start: two handlers declare job type 7:" + " a and b");
        assertThat(analysis.getAction())
                .contains("configuration metadata of jobqueue-spring-boot-starter")
                .doesNotContain("docs/");
    }

    @Test
    void ignoresFailuresThatAreNotJobQueues() {
        assertThat(analyzer.analyze(new BeanCreationException("other", new IllegalStateException("no"))))
                .isNull();
    }

    @Test
    void isRegisteredWithTheDetectorInSpringFactories() {
        // Other modules' factories need constructor arguments this test does not give: skip them.
        SpringFactoriesLoader loader =
                SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader());
        FailureHandler skipOthers = FailureHandler.handleMessage((message, failure) -> {});

        assertThat(loader.load(FailureAnalyzer.class, skipOthers))
                .hasAtLeastOneElementOfType(JobQueueFailureAnalyzer.class);
        assertThat(loader.load(DatabaseInitializerDetector.class, skipOthers))
                .hasAtLeastOneElementOfType(JobQueueDatabaseInitializerDetector.class);
    }

    private FailureAnalysis analyze(JobQueueException cause) {
        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("jobQueue", "startup failed", cause));
        assertThat(analysis).isNotNull();
        return analysis;
    }
}
