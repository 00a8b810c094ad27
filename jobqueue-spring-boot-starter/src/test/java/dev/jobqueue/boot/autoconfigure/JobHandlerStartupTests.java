package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.handler.InvalidJobHandlerException;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.lifecycle.InvalidLifecycleException;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycleCustomizer;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.JobWorkers;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Startup refuses handler declarations and settings that cannot work, and says what to fix. */
class JobHandlerStartupTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JobQueueAutoConfiguration.class))
            .withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:mariadb://127.0.0.1:1/unused"))
            .withPropertyValues("jobqueue.schema.initialize=false", "jobqueue.worker.enabled=false");

    static class Greeter {
        @JobHandler(id = 1, name = "greet")
        void greet(String payload) {}
    }

    static class SecondGreeter {
        @JobHandler(id = 1, name = "greet-again")
        void greet(JobContext context) {}
    }

    static class OutOfRange {
        @JobHandler(id = 256, name = "too-big")
        void run() {}
    }

    static class TwoPayloads {
        @JobHandler(id = 3, name = "two")
        void run(String one, String two) {}
    }

    @Test
    void handlersAreFoundAndAProducerOnlyNodeHasNoWorkers() {
        contextRunner.withBean(Greeter.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(JobScheduler.class).doesNotHaveBean(JobWorkers.class);
            assertThat(context.getBean(JobHandlerRegistry.class).forName("greet"))
                    .isPresent();
        });
    }

    @Test
    void twoHandlersForOneTypeStopStartup() {
        contextRunner
                .withBean(Greeter.class)
                .withBean(SecondGreeter.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasRootCauseInstanceOf(InvalidJobHandlerException.class)
                        .rootCause()
                        .hasMessageContaining("Two @JobHandler methods for job type 1"));
    }

    @Test
    void anIdOutOfRangeStopsStartup() {
        contextRunner
                .withBean(OutOfRange.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("id must be between 0 and 255"));
    }

    @Test
    void anUnsupportedSignatureStopsStartup() {
        contextRunner
                .withBean(TwoPayloads.class)
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("unsupported signature"));
    }

    @Test
    void aConfiguredTypeWithoutAHandlerStopsAWorkerNode() {
        contextRunner
                .withBean(Greeter.class)
                .withPropertyValues("jobqueue.worker.enabled=true", "jobqueue.types.reports.concurrency=2")
                .run(context -> assertThat(mostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(InvalidJobHandlerException.class)
                        .hasMessageContaining(
                                "jobqueue.types.reports is configured but no @JobHandler is named reports"));
    }

    @Test
    void aPropertyOutOfRangeNamesTheFullPath() {
        contextRunner
                .withBean(Greeter.class)
                .withPropertyValues("jobqueue.worker.enabled=true", "jobqueue.types.greet.concurrency=0")
                .run(context -> assertThat(mostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(InvalidJobInputException.class)
                        .hasMessage("jobqueue.types.greet.concurrency must be between 1 and 1024 but was 0"));
    }

    @Test
    @SuppressWarnings("deprecation") // a SubState cannot even hold 57: only the code-based overload can declare it
    void aBadLifecycleCustomizerStopsStartup() {
        JobLifecycleCustomizer bad = definition -> definition.subState(57, "out-of-convention");
        contextRunner
                .withBean(JobLifecycleCustomizer.class, () -> bad)
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasRootCauseInstanceOf(InvalidLifecycleException.class)
                        .rootCause()
                        .hasMessageContaining("57"));
    }

    @Test
    void aLifecycleCustomizerIsApplied() {
        SubState awaitingApproval = SubState.of(12);
        JobLifecycleCustomizer hold = definition -> definition
                .subState(awaitingApproval, "awaiting-approval")
                .transition(SubState.SCHEDULED, JobEvent.of("hold"), awaitingApproval)
                .transition(awaitingApproval, JobEvent.of("approve"), SubState.SCHEDULED);
        contextRunner
                .withBean(JobLifecycleCustomizer.class, () -> hold)
                .run(context -> assertThat(context.getBean(dev.jobqueue.lifecycle.JobLifecycle.class)
                                .nameOf(awaitingApproval))
                        .isEqualTo("awaiting-approval"));
    }

    private static Throwable mostSpecificCause(Throwable failure) {
        return NestedExceptionUtils.getMostSpecificCause(failure);
    }
}
