package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A handler's failure is logged once per run: a retried one at INFO without a stack trace, the
 * last one at WARN with it, and neither with the secrets its exception message carries.
 */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class HandlerFailureLogIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aRetriedFailureIsOneInfoLineAndTheLastFailureAWarningWithItsStackTraceAllRedacted(
            TestSchema schema, CapturedOutput output) {
        WorkerFixture.runner(schema, "leaky")
                .withBean(Handlers.class)
                .withPropertyValues("jobqueue.types.leak.retry.strategy=fixed", "jobqueue.types.leak.retry.delay=0s")
                .run(context -> {
                    JobQueue queue = context.getBean(JobQueue.class);
                    JobId id = context.getBean(JobScheduler.class)
                            .job(Handlers.LEAK, null)
                            .executions(2)
                            .schedule();
                    String group = queue.details(id).orElseThrow().retryGroup();

                    await().atMost(WAIT)
                            .until(() -> queue.findByRetryGroup(group).size() == 2
                                    && queue.findByRetryGroup(group).get(1).state() == JobState.FAILED);
                    await().atMost(WAIT).until(() -> output.getOut().contains("failed for good"));

                    List<JobDetails> rows = queue.findByRetryGroup(group);
                    assertThat(rows).extracting(JobDetails::subState).containsExactly(44, 43);
                    String retried = line(output, "INFO .* leak job " + id.value() + " .*");
                    Matcher retry = Pattern.compile("attempt 1\\) failed, retry 1 of 1 at (\\S+): ")
                            .matcher(retried);
                    assertThat(retry.find())
                            .as("retry announced in %s", retried)
                            .isTrue();
                    assertThat(Instant.parse(retry.group(1)).truncatedTo(ChronoUnit.SECONDS))
                            .isEqualTo(rows.get(1).processAt().truncatedTo(ChronoUnit.SECONDS));
                    assertThat(retried)
                            .endsWith(": IllegalStateException: SMTP refused smtp://mailer:******@mail.example.com"
                                    + "?password=******");
                    String last =
                            line(output, "WARN .* leak job " + rows.get(1).id().value() + " .*");
                    assertThat(last).contains("attempt 2) failed for good (43): IllegalStateException: SMTP refused");
                    String afterLast = output.getOut().substring(output.getOut().indexOf(last) + last.length());
                    assertThat(afterLast)
                            .as("the stack trace after the warning")
                            .contains("java.lang.IllegalStateException: SMTP refused smtp://mailer:******@")
                            .contains("at dev.jobqueue.worker.Handlers.leak(");
                    String afterRetried =
                            output.getOut().substring(output.getOut().indexOf(retried) + retried.length());
                    assertThat(afterRetried.lines().skip(1).findFirst().orElse(""))
                            .as("the line after the retried failure: another log line, no stack trace")
                            .matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*");
                    assertThat(output.getOut()).doesNotContain("hunter2");
                });
    }

    private static String line(CapturedOutput output, String regex) {
        Pattern pattern = Pattern.compile(regex);
        List<String> lines = output.getOut()
                .lines()
                .filter(line -> pattern.matcher(line).find())
                .toList();
        assertThat(lines).as("lines matching %s", regex).hasSize(1);
        return lines.get(0);
    }
}
