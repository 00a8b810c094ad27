package dev.jobqueue.samples.orders;

import static dev.jobqueue.testing.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.testing.JobQueueTest;
import dev.jobqueue.testing.JobQueueTestRunner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The sample as a user tests an application of theirs: {@link JobQueueTest} starts it on a schema of
 * its own with the workers stopped, and each test runs the due jobs when it wants them run.
 */
@JobQueueTest(
        properties = {
            "sample.demo-orders=false",
            "jobqueue.types.order-confirmation.retry.initial-delay=0s",
            "sample.operator.password=" + OrderEmailsApplicationIntegrationTests.PASSWORD
        })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class OrderEmailsApplicationIntegrationTests {

    static final String PASSWORD = "operator-test-secret";

    @Autowired
    MockMvc mvc;

    @Autowired
    Jobs jobs;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JobQueueTestRunner runner;

    @Test
    void anOrderIsConfirmedAfterOneRetryOfABusyMailServer(CapturedOutput mailServer) throws Exception {
        JobId job = place("{\"email\":\"grace@flaky.example\",\"total\":80}");

        // The first attempt fails; its retry (no delay in this test) is due at once and runs too.
        runner.runDue();

        assertThatJob(jobs, job)
                .isFailed()
                .hasSubState(44)
                .hasFailureMessageContaining("mail server busy")
                .latestRun()
                .isDone()
                .hasAttempt(2);
        assertThat(mailsSent(job, mailServer)).singleElement().asString().endsWith("on attempt 2");
        runner.awaitAllDone(Duration.ofSeconds(10));
        assertThat(followUpsSent(job, mailServer)).hasSize(1);
        assertThat(followUpJobs(job)).isEqualTo(1);
    }

    @Test
    void aLargeOrderWaitsForApprovalInItsCustomSubState(CapturedOutput mailServer) throws Exception {
        JobId job = place("{\"email\":\"linus@example.com\",\"total\":5000}");
        // Inserted there: no event moved it, so it keeps the version of a new row.
        assertThat(jobs.find(job).orElseThrow().version()).isEqualTo(1);
        long orderId = jdbc.queryForObject(
                "SELECT id FROM purchase_orders WHERE confirmation_job = ?", Long.class, job.value());

        assertThat(runner.runDue())
                .extracting(JobDetails::id)
                .as("jobs run before the approval")
                .doesNotContain(job);
        assertThatJob(jobs, job).isScheduled().hasSubState(12);
        assertThat(mailsSent(job, mailServer)).as("mails before the approval").isEmpty();

        mvc.perform(post("/orders/" + orderId + "/approve")).andExpect(status().isAccepted());
        runner.runDue();

        assertThatJob(jobs, job).isDone();
        assertThat(mailsSent(job, mailServer)).hasSize(1);
    }

    @Test
    void aBadOrderIsRefusedAndWritesNothing() throws Exception {
        Integer before = jdbc.queryForObject("SELECT COUNT(*) FROM jobs", Integer.class);

        mvc.perform(post("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"a@b.c\",\"total\":-1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail")
                        .value("total must be between 0.01 and 9999999999.99 with at most 2 decimals but was -1"));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobs", Integer.class))
                .isEqualTo(before);
        assertThat(jdbc.queryForList("SELECT email FROM purchase_orders", String.class))
                .doesNotContain("a@b.c");
    }

    @Test
    void anInvalidAddressFailsWithoutRetry(CapturedOutput mailServer) throws Exception {
        JobId job = place("{\"email\":\"nobody\",\"total\":10}");

        runner.runDue();

        assertThatJob(jobs, job)
                .isFailed()
                .hasSubState(42)
                .hasFailureMessageContaining("not an e-mail address: nobody")
                .latestRun()
                .hasSubState(42);
        assertThat(mailsSent(job, mailServer)).isEmpty();
        // The follow-up would have been inserted in the transaction that failed the confirmation.
        assertThat(followUpJobs(job))
                .as("no follow-up after a confirmation failed for good")
                .isZero();
        assertThat(followUpsSent(job, mailServer)).isEmpty();
    }

    /** The follow-up jobs of the order of {@code job}, by their payload. */
    private int followUpJobs(JobId job) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM jobs j JOIN jobs_data d ON d.id = j.id AND d.part = j.part
                WHERE j.job_type = 3 AND d.properties LIKE ?""", Integer.class, "%\"orderId\":" + orderOf(job) + ",%");
    }

    private long orderOf(JobId job) {
        return jdbc.queryForObject(
                "SELECT id FROM purchase_orders WHERE confirmation_job = ?", Long.class, job.value());
    }

    /** The follow-up e-mails the sample's "mail server" wrote for the order of {@code job}. */
    private List<String> followUpsSent(JobId job, CapturedOutput mailServer) {
        long orderId = orderOf(job);
        return mailServer
                .getAll()
                .lines()
                .filter(line -> line.contains("Sent follow-up for order " + orderId + " "))
                .toList();
    }

    /**
     * The lines the sample's "mail server" (its log) wrote for the order of {@code job}; each test
     * places its own order, and a run logs before the job is marked done.
     */
    private List<String> mailsSent(JobId job, CapturedOutput mailServer) {
        long orderId = jdbc.queryForObject(
                "SELECT id FROM purchase_orders WHERE confirmation_job = ?", Long.class, job.value());
        return mailServer
                .getAll()
                .lines()
                .filter(line -> line.contains("Sent order confirmation for order " + orderId + " ("))
                .toList();
    }

    @Test
    void theJobqueueEndpointNeedsTheOperatorsLogin() throws Exception {
        mvc.perform(get("/actuator/jobqueue")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/jobqueue").with(httpBasic("operator", "wrong")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/metrics")).andExpect(status().isUnauthorized());

        mvc.perform(get("/actuator/jobqueue").with(httpBasic("operator", PASSWORD)))
                .andExpect(status().isOk());
    }

    @Test
    void theDashboardServesTheOperatorAndRefusesAnonymousUsers() throws Exception {
        mvc.perform(get("/jobqueue").header("X-Requested-With", "XMLHttpRequest"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/jobqueue/jobs").with(httpBasic("operator", PASSWORD))).andExpect(status().isOk());
        mvc.perform(get("/jobqueue").with(httpBasic("operator", PASSWORD))).andExpect(status().isOk());
    }

    @Test
    void healthShowsItsStatusToAnyoneAndItsDetailsOnlyToTheOperator() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist())
                .andExpect(jsonPath("$.details").doesNotExist());

        mvc.perform(get("/actuator/health").with(httpBasic("operator", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.jobqueue.status").exists());
    }

    @Test
    void startsWithoutAGeneratedPassword(CapturedOutput output) {
        assertThat(output.getOut()).doesNotContain("Using generated security password");
    }

    private JobId place(String json) throws Exception {
        MvcResult result = mvc.perform(
                        post("/orders").contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isCreated())
                .andReturn();
        String body = result.getResponse().getContentAsString();
        return JobId.parse(body.replaceAll(".*\"confirmationJob\":\"([0-9A-Z]{26})\".*", "$1"));
    }
}
