package dev.jobqueue.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The first start of the sample as README's command 1 runs it: on an embedded MariaDB with an
 * empty data folder, with Spring Boot's default console logging (not this module's
 * logback-test.xml). Always on the embedded database, whatever JOBQUEUE_TEST_JDBC_URL says,
 * because that start is the one with the server's output and the first migration.
 */
@ExtendWith(OutputCaptureExtension.class)
class CleanStartIntegrationTests {

    @Test
    void aFirstStartOnAnEmptyEmbeddedDatabasePrintsNoWarningAndNoStackTrace(
            @TempDir Path dataDir, CapturedOutput output) {
        try (ConfigurableApplicationContext context = SpringApplication.run(
                OrderEmailsApplication.class,
                "--logging.config=classpath:boot-default-logback.xml",
                "--server.port=0",
                "--jobqueue.embedded.data-dir=" + dataDir.resolve("mariadb"))) {
            assertThat(context.isRunning()).isTrue();
            // The demo order at flaky.example fails once and is confirmed by its retry.
            awaitLine(output, "to grace@flaky.example on attempt 2");
        }
        List<String> all = output.getOut().lines().toList();
        // The start ends with Boot's "Started" line. After it the demo orders run, and the one with a
        // bad address fails for good, which is logged at WARN with its stack trace, as it should be;
        // the one whose first attempt fails is retried, logged at INFO as a retry.
        int started = IntStream.range(0, all.size())
                .filter(i -> all.get(i).contains("Started "))
                .findFirst()
                .orElse(all.size() - 1);
        List<String> lines = all.subList(0, started + 1);

        assertSoftly(softly -> {
            softly.assertThat(lines).as("the start completed").anyMatch(line -> line.contains("Started "));
            softly.assertThat(lines)
                    .as("lines at WARN or ERROR")
                    .noneMatch(line -> line.matches("\\S+\\s+(WARN|ERROR) .*"));
            softly.assertThat(all)
                    .as("Spring's BeanPostProcessorChecker warning (jobqueue's post-processor"
                            + " creates no bean early)")
                    .noneMatch(
                            line -> line.contains("is not eligible for getting processed by all BeanPostProcessors"));
            softly.assertThat(lines)
                    .as("stack trace lines")
                    .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by: "));
            softly.assertThat(lines)
                    .as("the embedded server's console output and Liquibase's lines (DEBUG by default)")
                    .noneMatch(line -> line.contains("ch.vorburger") || line.contains(" liquibase."));
            softly.assertThat(output.getErr()).as("standard error").isBlank();
            softly.assertThat(all).as("the log after the start").noneMatch(line -> line.contains("ch.vorburger"));
            softly.assertThat(all)
                    .as("a failure that is retried reads as one, at INFO, with the attempt and the"
                            + " time of the retry")
                    .filteredOn(line -> line.contains("IllegalStateException: mail server busy"))
                    .singleElement()
                    .asString()
                    .matches("\\S+\\s+INFO .* attempt 1\\) failed, retry 1 of 2 at \\d{4}-\\d\\d-\\d\\dT\\S+Z: .*");
            softly.assertThat(all)
                    .as("only the bad address fails for good")
                    .filteredOn(line -> line.contains("failed for good"))
                    .singleElement()
                    .asString()
                    .contains("not an e-mail address: not-an-address");
        });
    }

    private static void awaitLine(CapturedOutput output, String text) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!output.getOut().contains(text)) {
            assertThat(System.nanoTime())
                    .as("'" + text + "' logged within 60 s")
                    .isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
