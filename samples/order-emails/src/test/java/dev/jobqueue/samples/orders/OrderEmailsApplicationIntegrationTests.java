package dev.jobqueue.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabase;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@SpringBootTest(properties = { "sample.demo-orders=false", "jobqueue.types.order-confirmation.retry.initial-delay=0s",
        "jobqueue.worker.max-poll-interval=200ms", "sample.operator.password=" + OrderEmailsApplicationIntegrationTests.PASSWORD })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class OrderEmailsApplicationIntegrationTests {

    static final String PASSWORD = "operator-test-secret";

    private static final TestSchema SCHEMA = TestDatabase.createSchema("orderemails");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    MockMvc mvc;

    @Autowired
    Jobs jobs;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", SCHEMA::jdbcUrl);
        registry.add("spring.datasource.username", SCHEMA::user);
        registry.add("spring.datasource.password", SCHEMA::password);
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.close();
    }

    @Test
    void anOrderIsConfirmedAfterOneRetryOfABusyMailServer(CapturedOutput mailServer) throws Exception {
        JobId job = place("{\"email\":\"grace@flaky.example\",\"total\":80}");

        String group = jobs.find(job).orElseThrow().retryGroup();
        await().atMost(WAIT).until(() -> jobs.findByRetryGroup(group).size() == 2
                && jobs.findByRetryGroup(group).get(1).state() == JobState.DONE);
        assertThat(jobs.findByRetryGroup(group)).extracting(JobDetails::subState).containsExactly(44, 30);
        assertThat(mailsSent(job, mailServer)).singleElement().asString().endsWith("on attempt 2");
    }

    @Test
    void aLargeOrderWaitsForApprovalInItsCustomSubState(CapturedOutput mailServer) throws Exception {
        JobId job = place("{\"email\":\"linus@example.com\",\"total\":5000}");
        assertThat(jobs.find(job).orElseThrow().subState()).isEqualTo(12);
        // Inserted there: no event moved it, so it keeps the version of a new row.
        assertThat(jobs.find(job).orElseThrow().version()).isEqualTo(1);
        long orderId = jdbc.queryForObject("SELECT id FROM purchase_orders WHERE confirmation_job = ?", Long.class,
                job.value());

        assertThat(mailsSent(job, mailServer)).as("mails before the approval").isEmpty();

        mvc.perform(post("/orders/" + orderId + "/approve")).andExpect(status().isAccepted());

        await().atMost(WAIT).until(() -> jobs.find(job).orElseThrow().state() == JobState.DONE);
        assertThat(mailsSent(job, mailServer)).hasSize(1);
    }

    @Test
    void aBadOrderIsRefusedAndWritesNothing() throws Exception {
        Integer before = jdbc.queryForObject("SELECT COUNT(*) FROM jobs", Integer.class);

        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"a@b.c\",\"total\":-1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail")
                        .value("total must be between 0.01 and 9999999999.99 with at most 2 decimals but was -1"));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobs", Integer.class)).isEqualTo(before);
        assertThat(jdbc.queryForList("SELECT email FROM purchase_orders", String.class)).doesNotContain("a@b.c");
    }

    @Test
    void anInvalidAddressFailsWithoutRetry(CapturedOutput mailServer) throws Exception {
        JobId job = place("{\"email\":\"nobody\",\"total\":10}");

        await().atMost(WAIT).until(() -> jobs.find(job).orElseThrow().state() == JobState.FAILED);
        List<JobDetails> rows = jobs.findByRetryGroup(jobs.find(job).orElseThrow().retryGroup());
        assertThat(rows).extracting(JobDetails::subState).containsExactly(42);
        assertThat(mailsSent(job, mailServer)).isEmpty();
    }

    /**
     * The lines the sample's "mail server" (its log) wrote for the order of {@code job}; each test
     * places its own order, and a run logs before the job is marked done.
     */
    private List<String> mailsSent(JobId job, CapturedOutput mailServer) {
        long orderId = jdbc.queryForObject("SELECT id FROM purchase_orders WHERE confirmation_job = ?", Long.class,
                job.value());
        return mailServer.getAll().lines()
                .filter(line -> line.contains("Sent order confirmation for order " + orderId + " ("))
                .toList();
    }

    @Test
    void theJobqueueEndpointNeedsTheOperatorsLogin() throws Exception {
        mvc.perform(get("/actuator/jobqueue")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/jobqueue").with(httpBasic("operator", "wrong"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/metrics")).andExpect(status().isUnauthorized());

        mvc.perform(get("/actuator/jobqueue").with(httpBasic("operator", PASSWORD))).andExpect(status().isOk());
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
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist())
                .andExpect(jsonPath("$.details").doesNotExist());

        mvc.perform(get("/actuator/health").with(httpBasic("operator", PASSWORD))).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.jobqueue.status").exists());
    }

    @Test
    void startsWithoutAGeneratedPassword(CapturedOutput output) {
        assertThat(output.getOut()).doesNotContain("Using generated security password");
    }

    private JobId place(String json) throws Exception {
        MvcResult result = mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isCreated()).andReturn();
        String body = result.getResponse().getContentAsString();
        return JobId.parse(body.replaceAll(".*\"confirmationJob\":\"([0-9A-Z]{26})\".*", "$1"));
    }
}
