package dev.jobqueue.samples.nojpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.orm.jpa.support.OpenEntityManagerInViewInterceptor;

/**
 * A web application with no JPA, Liquibase or configuration file of its own, as
 * getting-started builds one: the starter's JPA and Liquibase are the queue's only. Its first
 * start on an empty embedded database prints no WARN, in particular not Boot's
 * {@code spring.jpa.open-in-view is enabled by default} (the starter turns Open Session in View
 * off for an application without entities), and runs a job.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebApplicationWithoutJpaCleanStartIntegrationTests {

    @Test
    void startsCleanAndRunsAJob(@TempDir Path dataDir, CapturedOutput output) throws InterruptedException {
        try (ConfigurableApplicationContext context = SpringApplication.run(
                PingApplication.class,
                "--spring.config.name=no-such-config", // not the sample's application.yml
                "--logging.config=classpath:boot-default-logback.xml",
                "--server.port=0",
                "--spring.security.user.password=not-generated",
                "--jobqueue.embedded.data-dir=" + dataDir.resolve("mariadb"))) {
            JobId id = context.getBean(JobScheduler.class).schedule(PingHandler.TYPE, new Ping("hello"));
            assertThat(PingHandler.RAN.await(30, TimeUnit.SECONDS))
                    .as("the job ran")
                    .isTrue();
            awaitDone(context.getBean(Jobs.class), id);
            assertThat(context.getBeansOfType(OpenEntityManagerInViewInterceptor.class))
                    .as("no entity manager per web request")
                    .isEmpty();
        }
        List<String> all = output.getOut().lines().toList();
        assertSoftly(softly -> {
            softly.assertThat(all).as("the start completed").anyMatch(line -> line.contains("Started "));
            softly.assertThat(all)
                    .as("lines at WARN or ERROR")
                    .noneMatch(line -> line.matches("\\S+\\s+(WARN|ERROR) .*"));
            softly.assertThat(all)
                    .as("Boot's Open Session in View warning")
                    .noneMatch(line -> line.contains("open-in-view"));
            softly.assertThat(all)
                    .as("stack trace lines")
                    .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by: "));
            softly.assertThat(output.getErr()).as("standard error").isBlank();
        });
    }

    private static void awaitDone(Jobs jobs, JobId id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jobs.find(id).map(JobDetails::state).orElseThrow() != JobState.DONE) {
            assertThat(System.nanoTime()).as("job %s done within 30 s", id).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
