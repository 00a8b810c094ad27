package dev.jobqueue.dashboard;

import static dev.jobqueue.dashboard.DashboardTestApplication.BLOCKING;
import static dev.jobqueue.dashboard.DashboardTestApplication.FAILING;
import static dev.jobqueue.dashboard.DashboardTestApplication.SUCCEEDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.jobqueue.domain.Batch;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Every page and action of the dashboard through MockMvc, on a real database and with Spring
 * Security: a viewer reads and cannot act, an operator acts with a CSRF token and never without
 * one, and whatever a job holds is shown as text.
 */
@ExtendWith(TestDatabaseExtension.class)
class DashboardIntegrationTests {

    private static final JobType MAIL = JobType.of(1);
    private static final RequestPostProcessor VIEWER = user("viewer").roles("JOBQUEUE_VIEWER");
    private static final RequestPostProcessor OPERATOR = user("operator").roles("JOBQUEUE_OPERATOR");
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "\"><img src=x onerror=alert(1)>";

    private static ConfigurableApplicationContext context;
    private static MockMvc mvc;

    @BeforeAll
    static void start(TestSchema schema) {
        context = DashboardTestApplication.start(schema, "dash");
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
                .apply(springSecurity())
                .build();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theOverviewShowsEachQueueAndReloadsItsTable() throws Exception {
        JobId later = scheduler()
                .job(JobType.of(3), Map.of("n", 1))
                .tenant(4)
                .in(Duration.ofHours(1))
                .schedule();

        String page = body(get("/jobqueue").with(VIEWER));
        String table = body(get("/jobqueue/overview/queues").with(VIEWER));

        assertThat(page)
                .contains("id=\"queue-3-4\"")
                .contains("hx-trigger=\"every 5s")
                .contains("/jobqueue/assets/htmx.min.js");
        assertThat(table).contains("id=\"queue-3-4\"").doesNotContain("<html");
        assertThat(jobs().find(later)).isPresent();
    }

    @Test
    void htmxComesFromTheWebJarUnderTheDashboardPath() throws Exception {
        String htmx = body(get("/jobqueue/assets/htmx.min.js").with(VIEWER));

        assertThat(htmx).contains("htmx");
    }

    @Test
    void searchFindsJobsNewestFirstWithACappedCountAndKeysetPages() throws Exception {
        JobType type = JobType.of(11);
        for (int i = 0; i < 51; i++) {
            scheduler().job(type, Map.of("n", i)).correlationId("order-" + i).schedule();
        }

        String first = body(get("/jobqueue/jobs").param("type", "11").with(VIEWER));
        String byCorrelation = body(get("/jobqueue/jobs")
                .param("type", "11")
                .param("correlationId", "order-7")
                .with(VIEWER));

        assertThat(first).contains("<strong id=\"count\">51</strong>").contains("id=\"next-page\"");
        assertThat(first.split("class=\"job-link\"", -1)).hasSize(51);
        String next = first.substring(first.indexOf("cursor=") + 7, first.indexOf('"', first.indexOf("cursor=")));
        String second = body(
                get("/jobqueue/jobs").param("type", "11").param("cursor", next).with(VIEWER));
        assertThat(second.split("class=\"job-link\"", -1)).hasSize(2);
        assertThat(second).doesNotContain("id=\"next-page\"");
        assertThat(byCorrelation).contains("<strong id=\"count\">1</strong>").contains("order-7");
    }

    @Test
    void countsAboveTheCapShowAsCapPlus() {
        assertThat(Counts.text(new dev.jobqueue.domain.JobCount(10_000, true))).isEqualTo("10,000+");
        assertThat(Counts.text(new dev.jobqueue.domain.JobCount(42, false))).isEqualTo("42");
    }

    @Test
    void searchByIdOpensTheJobAndBadInputNamesTheField() throws Exception {
        JobId id = scheduler().job(MAIL, Map.of("n", 1)).in(Duration.ofHours(1)).schedule();

        mvc.perform(get("/jobqueue/jobs").param("id", id.value()).with(VIEWER)).andExpect(status().is3xxRedirection());
        String bad = mvc.perform(get("/jobqueue/jobs").param("tenant", "300").with(VIEWER))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        mvc.perform(get("/jobqueue/jobs/"
                                + JobId.forRunAt(java.time.Instant.now()).value())
                        .with(VIEWER))
                .andExpect(status().isNotFound());

        assertThat(bad).contains("tenant must be between 0 and 255");
    }

    @Test
    void theJobPageEscapesEverythingAJobHolds() throws Exception {
        JobId id = scheduler()
                .job(MAIL, Map.of("note", SCRIPT, "html", IMG))
                .correlationId(IMG)
                .in(Duration.ofHours(1))
                .schedule();

        String page = body(get("/jobqueue/jobs/" + id.value()).with(VIEWER));
        String list = body(get("/jobqueue/jobs").param("type", "1").with(VIEWER));

        assertThat(page)
                .doesNotContain(SCRIPT)
                .doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        assertThat(page).as("pretty-printed").contains("&quot;note&quot; : ");
        assertThat(list).doesNotContain("<img src=x");
    }

    @Test
    void aViewerCannotActAndSeesNoActions() throws Exception {
        JobId id = scheduler().job(MAIL, Map.of("n", 2)).in(Duration.ofHours(1)).schedule();

        String page = body(get("/jobqueue/jobs/" + id.value()).with(VIEWER));
        mvc.perform(post("/jobqueue/jobs/" + id.value() + "/cancel")
                        .with(VIEWER)
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/jobqueue/queues/pause")
                        .param("type", "1")
                        .with(VIEWER)
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/jobqueue").with(user("nobody").roles("OTHER"))).andExpect(status().isForbidden());
        mvc.perform(get("/jobqueue").header("Accept", "text/html")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/jobqueue").header("X-Requested-With", "XMLHttpRequest"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/jobqueue/login")).andExpect(status().isOk());

        assertThat(page).doesNotContain("action-cancel").contains("read-only");
        assertThat(jobs().find(id).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(jobs().paused()).isEmpty();
    }

    @Test
    void anActionWithoutACsrfTokenIsRefused() throws Exception {
        JobId id = scheduler().job(MAIL, Map.of("n", 3)).in(Duration.ofHours(1)).schedule();

        mvc.perform(post("/jobqueue/jobs/" + id.value() + "/cancel").with(OPERATOR))
                .andExpect(status().isForbidden());

        assertThat(jobs().find(id).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
    }

    @Test
    void anOperatorConfirmsThenCancelsAJob() throws Exception {
        JobId id = scheduler().job(MAIL, Map.of("n", 4)).in(Duration.ofHours(1)).schedule();

        String detail = body(get("/jobqueue/jobs/" + id.value()).with(OPERATOR));
        String confirm = body(get("/jobqueue/jobs/" + id.value() + "/cancel").with(OPERATOR));
        mvc.perform(post("/jobqueue/jobs/" + id.value() + "/cancel")
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());

        assertThat(detail)
                .contains("id=\"action-cancel\"")
                .contains("id=\"action-run-now\"")
                .doesNotContain("id=\"action-retry-now\"");
        assertThat(confirm).contains("name=\"_csrf\"").contains("action=\"/jobqueue/jobs/" + id.value() + "/cancel\"");
        JobDetails cancelled = jobs().find(id).orElseThrow();
        assertThat(cancelled.subStateCode()).isEqualTo(SubState.CANCELLED);
    }

    @Test
    void anOperatorRunsAJobNowAndRetriesAFailedOneShowingWhyItFailed() throws Exception {
        JobId later =
                scheduler().job(MAIL, Map.of("n", 5)).in(Duration.ofHours(1)).schedule();
        JobId failing = scheduler().job(FAILING, Map.of("n", 6)).schedule();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jobs().find(failing).orElseThrow().state() == JobState.FAILED);

        String failedPage = body(get("/jobqueue/jobs/" + failing.value()).with(OPERATOR));
        mvc.perform(post("/jobqueue/jobs/" + later.value() + "/run-now")
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/jobqueue/jobs/" + failing.value() + "/retry-now")
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());

        assertThat(failedPage)
                .contains("id=\"action-retry-now\"")
                .doesNotContain("id=\"action-cancel\"")
                .contains("mail server said &lt;b&gt;no&lt;/b&gt;")
                .doesNotContain("<img src=x");
        assertThat(jobs().find(later).orElseThrow().subStateCode()).isEqualTo(SubState.RESCHEDULED);
        assertThat(jobs().find(failing).orElseThrow().subStateCode()).isEqualTo(SubState.FAILED_RETRY_SCHEDULED);
        assertThat(jobs().findByRetryGroup(jobs().find(failing).orElseThrow().retryGroup()))
                .hasSize(2);
    }

    @Test
    void bulkCancelShowsTheCountBeforeItCancelsTheSearch() throws Exception {
        for (int i = 0; i < 3; i++) {
            scheduler()
                    .job(JobType.of(12), Map.of("n", i))
                    .tenant(2)
                    .in(Duration.ofHours(1))
                    .schedule();
        }
        scheduler()
                .job(JobType.of(12), Map.of("n", 9))
                .tenant(5)
                .in(Duration.ofHours(1))
                .schedule();

        String confirm = body(get("/jobqueue/bulk/cancel")
                .param("type", "12")
                .param("tenant", "2")
                .with(OPERATOR));
        mvc.perform(post("/jobqueue/bulk/cancel")
                        .param("type", "12")
                        .param("tenant", "2")
                        .with(OPERATOR))
                .andExpect(status().isForbidden());
        mvc.perform(post("/jobqueue/bulk/cancel")
                        .param("type", "12")
                        .param("tenant", "2")
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());

        assertThat(confirm).contains("Cancel 3 unfinished jobs");
        assertThat(jobs().count(
                                dev.jobqueue.domain.JobFilter.all()
                                        .type(JobType.of(12))
                                        .state(JobState.FAILED),
                                100)
                        .count())
                .isEqualTo(3);
        assertThat(jobs().count(
                                dev.jobqueue.domain.JobFilter.all()
                                        .type(JobType.of(12))
                                        .state(JobState.SCHEDULED),
                                100)
                        .count())
                .isEqualTo(1);
    }

    @Test
    void bulkRetryRetriesTheCancelledJobsOfTheSearch() throws Exception {
        JobId a = scheduler()
                .job(JobType.of(13), Map.of("n", 1))
                .in(Duration.ofHours(1))
                .schedule();
        JobId b = scheduler()
                .job(JobType.of(13), Map.of("n", 2))
                .in(Duration.ofHours(1))
                .schedule();
        jobs().cancel(a);
        jobs().cancel(b);

        String confirm = body(get("/jobqueue/bulk/retry").param("type", "13").with(OPERATOR));
        mvc.perform(post("/jobqueue/bulk/retry")
                        .param("type", "13")
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());

        assertThat(confirm).contains("Retry 2 failed or cancelled jobs");
        assertThat(jobs().find(a).orElseThrow().subStateCode()).isEqualTo(SubState.FAILED_RETRY_SCHEDULED);
        assertThat(jobs().find(b).orElseThrow().subStateCode()).isEqualTo(SubState.FAILED_RETRY_SCHEDULED);
    }

    @Test
    void anOperatorPausesAndResumesAType() throws Exception {
        String confirm = body(get("/jobqueue/queues/pause")
                .param("type", "14")
                .param("tenant", "0")
                .with(OPERATOR));
        mvc.perform(post("/jobqueue/queues/pause")
                        .param("type", "14")
                        .param("tenant", "0")
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        boolean paused = jobs().paused().stream()
                .anyMatch(p -> p.type().equals(JobType.of(14)) && p.by().equals("dashboard:operator"));
        mvc.perform(post("/jobqueue/queues/resume")
                        .param("type", "14")
                        .param("tenant", "0")
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());

        assertThat(confirm).contains("Pause job type 14 for tenant 0?");
        assertThat(paused).isTrue();
        assertThat(jobs().paused()).noneMatch(p -> p.type().equals(JobType.of(14)));
    }

    @Test
    void theNodesPartitionsAndRecurringPagesRender() throws Exception {
        String nodes = body(get("/jobqueue/nodes").with(VIEWER));
        String partitions = body(get("/jobqueue/partitions").with(VIEWER));
        String recurring = body(get("/jobqueue/recurring").with(VIEWER));

        assertThat(nodes).contains("always-fails");
        assertThat(partitions).contains("id=\"last-round\"");
        assertThat(recurring).contains("Recurring jobs");
    }

    @Test
    void thePartitionsPageListsEveryPartitionOfBothTablesWithItsDropTime() throws Exception {
        LocalDate monday = LocalDate.now(ZoneOffset.UTC).with(DayOfWeek.MONDAY);
        String week = String.format(
                Locale.ROOT,
                "p%04dw%02d",
                monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        Instant end = monday.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();

        String page = body(get("/jobqueue/partitions").with(VIEWER));

        for (String table : new String[] {"dash", "dash_data"}) {
            String weekRow = row(page, "partition-" + table + "-" + week);
            assertThat(weekRow)
                    .contains("<td>" + end + "</td>")
                    .contains("<td class=\"drops-at\">" + end.plus(Duration.ofDays(28)) + "</td>");
            assertThat(row(page, "partition-" + table + "-pmax"))
                    .contains("<td>MAXVALUE</td>")
                    .contains("<td class=\"drops-at\">never</td>")
                    .contains("the catch-all");
        }
        assertThat(page).contains("id=\"retention\">28d 0h<").contains("rows (estimate)");
    }

    @Test
    void aViewerFindsJobsByUserFieldsShownAsTextWithTheLimitExplained() throws Exception {
        String marked = "order " + SCRIPT + " " + System.nanoTime();
        JobId found = scheduler()
                .job(MAIL, Map.of("n", 1))
                .userFields(UserFields.NONE.withString1(marked).withInt2(77))
                .in(Duration.ofHours(1))
                .schedule();
        JobId other = scheduler()
                .job(MAIL, Map.of("n", 2))
                .userFields(UserFields.NONE.withString1(marked).withInt2(78))
                .in(Duration.ofHours(1))
                .schedule();

        String page = body(get("/jobqueue/jobs")
                .param("userString1", marked)
                .param("userInt2", "77")
                .with(VIEWER));

        assertThat(page)
                .contains(found.value())
                .doesNotContain(other.value())
                .contains("<strong id=\"count\">1</strong>")
                .contains("id=\"user-fields-limit\"")
                .contains("limited to the first <span>100</span> matches")
                .contains("order &lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain(SCRIPT)
                .doesNotContain("id=\"bulk-cancel\"");
        assertThat(body(get("/jobqueue/jobs").param("userString1", marked).with(OPERATOR)))
                .contains(found.value())
                .contains(other.value())
                .contains("<strong id=\"count\">2</strong>")
                .doesNotContain("id=\"bulk-cancel\"");
        mvc.perform(get("/jobqueue/jobs").param("userInt1", "x").with(VIEWER)).andExpect(status().isBadRequest());
        mvc.perform(get("/jobqueue/bulk/cancel").param("userString1", marked).with(OPERATOR))
                .andExpect(status().isBadRequest());
        assertThat(jobs().find(found).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
    }

    @Test
    void theJobPageShowsItsPlaceInTheLifecycleAndTheActionsTheLifecycleAllows() throws Exception {
        JobId later =
                scheduler().job(MAIL, Map.of("n", 7)).in(Duration.ofHours(1)).schedule();
        JobId failing = scheduler().job(FAILING, Map.of("n", 8)).schedule();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jobs().find(failing).orElseThrow().state() == JobState.FAILED);
        int failedSubState = jobs().find(failing).orElseThrow().subState();

        String scheduled = body(get("/jobqueue/jobs/" + later.value()).with(VIEWER));
        String failed = body(get("/jobqueue/jobs/" + failing.value()).with(VIEWER));

        assertThat(tag(scheduled, "sub-state-10")).contains("class=\"current\"").contains("aria-current=\"step\"");
        assertThat(tag(scheduled, "sub-state-20")).doesNotContain("current");
        assertThat(scheduled).contains("class s10 current").contains("<td>CLAIM</td>");
        assertThat(row(scheduled, "allowed-CANCEL_JOB")).contains("<td>yes</td>");
        assertThat(row(scheduled, "allowed-RUN_NOW")).contains("<td>yes</td>");
        assertThat(row(scheduled, "allowed-RETRY_NOW")).contains("<td>no</td>");
        assertThat(tag(failed, "sub-state-" + failedSubState)).contains("class=\"current\"");
        assertThat(tag(failed, "sub-state-10")).doesNotContain("current");
        assertThat(failed).contains("class s" + failedSubState + " current");
        assertThat(row(failed, "allowed-CANCEL_JOB")).contains("<td>no</td>");
        assertThat(row(failed, "allowed-RETRY_NOW")).contains("<td>yes</td>");
    }

    @Test
    void theNodesPageShowsEachHeldJobWithItsLeaseExpiry() throws Exception {
        JobId running = scheduler().job(BLOCKING, Map.of("n", 1)).schedule();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jobs().find(running).orElseThrow().state() == JobState.PROCESSING);
        java.time.Instant lease = java.util.Objects.requireNonNull(
                jobs().find(running).orElseThrow().leaseExpiresAt());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> body(get("/jobqueue/nodes").with(VIEWER)).contains("id=\"held-" + running.value() + "\""));
        String nodes = body(get("/jobqueue/nodes").with(VIEWER));
        jobs().cancel(running);

        String row = row(nodes, "held-" + running.value());
        assertThat(row).contains("<td class=\"n\">10</td>").contains("<td class=\"lease\">");
        String shown = row.substring(
                row.indexOf("<td class=\"lease\">") + "<td class=\"lease\">".length(),
                row.indexOf("</td>", row.indexOf("lease")));
        assertThat(java.time.Instant.parse(shown)).isAfterOrEqualTo(lease);
    }

    /** The opening tag of the element with this id. */
    private static String tag(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id).isNotNegative();
        return page.substring(start, page.indexOf('>', start));
    }

    /** The table row with this id. */
    private static String row(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id).isNotNegative();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    @Test
    void theBatchesPagesShowProgressAndTheCallbackAndLinkFromMembersAndCallback() throws Exception {
        Batch batch = scheduler()
                .batch()
                .add(scheduler().job(SUCCEEDING, Map.of("n", 1)))
                .add(scheduler().job(SUCCEEDING, Map.of("n", 2)))
                .add(scheduler().job(FAILING, Map.of("n", 3)))
                .add(scheduler().job(JobType.of(15), Map.of("n", 4)).in(Duration.ofHours(1)))
                .whenFinished(scheduler().job(JobType.of(16), Map.of("note", SCRIPT)))
                .schedule();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jobs().batch(batch.id()).orElseThrow().remaining() == 1);
        JobId pending = batch.members().get(3);

        String list = body(get("/jobqueue/batches").with(VIEWER));
        String running = body(get("/jobqueue/batches/" + batch.id()).with(VIEWER));
        String member = body(get("/jobqueue/jobs/" + pending.value()).with(VIEWER));
        jobs().cancel(pending);
        String finished = body(get("/jobqueue/batches/" + batch.id()).with(VIEWER));
        String callback = body(get("/jobqueue/jobs/" + batch.callback().value()).with(VIEWER));
        String finishedMember = body(get("/jobqueue/jobs/" + pending.value()).with(VIEWER));

        assertThat(list).contains("id=\"nav-batches\"").contains("id=\"batch-" + batch.id() + "\"");
        assertThat(running)
                .contains("<dd id=\"batch-total\">4</dd>")
                .contains("<dd id=\"batch-succeeded\">2</dd>")
                .contains("<dd id=\"batch-failed\">1</dd>")
                .contains("<dd id=\"batch-pending\">1</dd>")
                .contains("3 of 4 members finished")
                .contains("not scheduled yet");
        assertThat(member).contains("id=\"member-of-batch\"").contains("/jobqueue/batches/" + batch.id());
        assertThat(finished)
                .contains("<dd id=\"batch-cancelled\">1</dd>")
                .contains("<dd id=\"batch-pending\">0</dd>")
                .contains("id=\"callback-link\"")
                .contains("<strong id=\"callback-state\">SCHEDULED</strong>");
        assertThat(callback)
                .contains("id=\"callback-of-batch\"")
                .doesNotContain(SCRIPT)
                .contains("&lt;script&gt;");
        assertThat(finishedMember).doesNotContain("id=\"member-of-batch\"");
    }

    @Test
    void aBadOrUnknownBatchIdIsShownAsTextAndAnonymousUsersSeeNoBatch() throws Exception {
        String bad = mvc.perform(get("/jobqueue/batches/" + "\"><img src=x onerror=alert(1)>")
                        .with(VIEWER))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        mvc.perform(get("/jobqueue/batches/00000000-0000-0000-0000-000000000000")
                        .with(VIEWER))
                .andExpect(status().isNotFound());
        mvc.perform(get("/jobqueue/batches").header("X-Requested-With", "XMLHttpRequest"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/jobqueue/batches").with(user("nobody").roles("OTHER")))
                .andExpect(status().isForbidden());

        assertThat(bad).doesNotContain("<img src=x").contains("&lt;img src=x");
    }

    private static String body(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static JobScheduler scheduler() {
        return context.getBean(JobScheduler.class);
    }

    private static Jobs jobs() {
        return context.getBean(Jobs.class);
    }
}
