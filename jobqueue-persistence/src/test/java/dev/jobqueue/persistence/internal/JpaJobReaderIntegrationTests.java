package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobCount;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobPage;
import dev.jobqueue.domain.JobPageRequest;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads and searches through the JPA entities (issue #13, section 4): every filter narrows,
 * keyset pages visit every job once newest first while jobs are inserted between pages,
 * counts stop at their cap, and a job reads the same through the entities as the queue's own
 * statements wrote it, Go rows included.
 */
@ExtendWith(TestDatabaseExtension.class)
class JpaJobReaderIntegrationTests {

    private static final TableName TABLE = TableName.of("readmodel");
    private static final Instant NOW = Instant.parse("2030-03-04T05:06:07Z");
    private static final Duration LEASE = Duration.ofMinutes(5);

    private static DataSource dataSource;
    private static EntityManagerFactory factory;
    private final MutableClock clock = new MutableClock(NOW);
    private JdbcTemplate jdbc;
    private JobQueue queue;
    private JpaJobReader reader;

    @BeforeAll
    static void createTables(TestSchema schema) {
        dataSource = schema.dataSource();
        JobQueueSchema.migrate(dataSource, TABLE);
        factory = Jpa.entityManagerFactory(dataSource, TABLE);
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("TRUNCATE TABLE readmodel");
        jdbc.execute("TRUNCATE TABLE readmodel_data");
        queue = JobQueue.create(
                dataSource, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
        reader = new JpaJobReader(factory);
    }

    @Test
    void eachFilterNarrowsToTheJobsItNames() {
        JobId plain = schedule(NewJob.of(JobType.of(1)).tenant(Tenant.of(1)));
        JobId otherTenant = schedule(NewJob.of(JobType.of(1)).tenant(Tenant.of(2)));
        JobId otherType = schedule(NewJob.of(JobType.of(2)).tenant(Tenant.of(1)));
        JobId correlated =
                schedule(NewJob.of(JobType.of(1)).tenant(Tenant.of(1)).correlationId("order-7"));
        JobId correlatedElsewhere =
                schedule(NewJob.of(JobType.of(1)).tenant(Tenant.of(2)).correlationId("order-7"));
        JobId done = schedule(NewJob.of(JobType.of(3)).tenant(Tenant.of(1)));
        JobId failed = schedule(NewJob.of(JobType.of(4)).tenant(Tenant.of(1)));
        JobId processing = schedule(NewJob.of(JobType.of(5)).tenant(Tenant.of(1)));
        queue.complete(claimOne(Tenant.of(1), JobType.of(3)));
        queue.failWithoutRetry(claimOne(Tenant.of(1), JobType.of(4)));
        claimOne(Tenant.of(1), JobType.of(5));
        jdbc.update(
                "UPDATE readmodel SET created_at = ? WHERE id = ?",
                Sql.utc(Instant.parse("2020-01-01T00:00:00Z")),
                otherType.value());
        String retryGroup = reader.find(failed).orElseThrow().retryGroup();
        List<JobId> all =
                List.of(plain, otherTenant, otherType, correlated, correlatedElsewhere, done, failed, processing);

        assertThat(search(JobFilter.all())).containsExactlyInAnyOrderElementsOf(all);
        assertThat(search(JobFilter.all().tenant(Tenant.of(2))))
                .containsExactlyInAnyOrder(otherTenant, correlatedElsewhere);
        assertThat(search(JobFilter.all().type(JobType.of(2)))).containsExactly(otherType);
        assertThat(search(JobFilter.all().state(JobState.DONE))).containsExactly(done);
        assertThat(search(JobFilter.all().state(JobState.PROCESSING))).containsExactly(processing);
        assertThat(search(JobFilter.all().subState(SubState.FAILED_APPLICATION)))
                .containsExactly(failed);
        assertThat(search(JobFilter.all().state(JobState.SCHEDULED)))
                .containsExactlyInAnyOrder(plain, otherTenant, otherType, correlated, correlatedElsewhere);
        assertThat(search(JobFilter.all().correlationId("order-7")))
                .containsExactlyInAnyOrder(correlated, correlatedElsewhere);
        assertThat(search(JobFilter.all().correlationId("order-7").tenant(Tenant.of(1))))
                .containsExactly(correlated);
        assertThat(search(JobFilter.all().retryGroup(retryGroup))).containsExactly(failed);
        assertThat(search(JobFilter.all()
                        .createdBetween(Instant.parse("2019-12-31T00:00:00Z"), Instant.parse("2020-01-02T00:00:00Z"))))
                .containsExactly(otherType);
        assertThat(search(JobFilter.all()
                        .createdBetween(Instant.parse("2021-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"))))
                .hasSize(all.size() - 1)
                .doesNotContain(otherType);
        assertThat(search(
                        JobFilter.all().tenant(Tenant.of(1)).type(JobType.of(1)).state(JobState.SCHEDULED)))
                .containsExactlyInAnyOrder(plain, correlated);
        assertThat(search(JobFilter.all().tenant(Tenant.of(9)))).isEmpty();
    }

    @Test
    void pagesVisitEveryJobOnceNewestFirstWhileJobsAreInserted() {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            // Spread over days, several jobs per second: ids tie on their time and differ in randomness.
            jobs.add(NewJob.of(JobType.of(1)).runAt(NOW.minus(i / 3, ChronoUnit.MINUTES)));
        }
        Set<JobId> existing = new HashSet<>(queue.scheduleAll(jobs));
        List<JobId> inserted = new ArrayList<>();

        List<JobId> visited = new ArrayList<>();
        JobPageRequest request = JobPageRequest.first(97);
        int pages = 0;
        while (request != null) {
            JobPage page = reader.search(JobFilter.all().type(JobType.of(1)), request);
            assertThat(page.jobs()).hasSizeLessThanOrEqualTo(97);
            page.jobs().forEach(job -> visited.add(job.id()));
            // Between pages: one job newer than every page, one among the pages already read, one still ahead.
            inserted.addAll(queue.scheduleAll(List.of(
                    NewJob.of(JobType.of(1)).runAt(NOW.plusSeconds(pages + 1)),
                    NewJob.of(JobType.of(1)).runAt(NOW.minusSeconds(pages)),
                    NewJob.of(JobType.of(1)).runAt(NOW.minus(3_000, ChronoUnit.MINUTES)))));
            request = page.next();
            pages++;
        }

        assertThat(visited).doesNotHaveDuplicates();
        assertThat(visited).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(visited).containsAll(existing);
        assertThat(visited.stream().filter(existing::contains).count()).isEqualTo(2_500);
        assertThat(inserted).allSatisfy(id -> assertThat(existing).doesNotContain(id));
        assertThat(pages).isBetween(26, 60);
    }

    @Test
    void aCountStopsAtItsCapAndSaysSo() {
        List<NewJob> jobs = new ArrayList<>();
        IntStream.range(0, 2_500)
                .forEach(i -> jobs.add(NewJob.of(JobType.of(1 + i % 2)).tenant(Tenant.of(4))));
        queue.scheduleAll(jobs);
        JobFilter tenant = JobFilter.all().tenant(Tenant.of(4));

        assertThat(reader.count(tenant, 1_000)).isEqualTo(new JobCount(1_000, true));
        assertThat(reader.count(tenant, 2_499)).isEqualTo(new JobCount(2_499, true));
        assertThat(reader.count(tenant, 2_500)).isEqualTo(new JobCount(2_500, false));
        assertThat(reader.count(tenant, 100_000)).isEqualTo(new JobCount(2_500, false));
        assertThat(reader.count(tenant.type(JobType.of(2)), 10_000)).isEqualTo(new JobCount(1_250, false));
        assertThat(reader.count(tenant.state(JobState.DONE), 10)).isEqualTo(new JobCount(0, false));
    }

    @Test
    void aJobReadsTheSameThroughTheEntitiesAsTheQueueWroteIt() {
        JobId scheduled = schedule(NewJob.of(JobType.of(7))
                .tenant(Tenant.of(3))
                .correlationId("order-1")
                .properties(Map.of("orderId", 1))
                .userFields(new UserFields("a", null, 5, null))
                .executions(2));
        JobId failed = schedule(NewJob.of(JobType.of(8)).executions(2));
        ClaimedJob claimed = claimOne(Tenant.DEFAULT, JobType.of(8));
        queue.failAndRetry(claimed, NOW.plusSeconds(60));
        // As the Go library leaves a job: '' for no correlation, and (after its non-atomic insert) no data row.
        JobId go = JobId.forRunAt(NOW);
        jdbc.update("""
                INSERT INTO readmodel (id, tenant, correlation_id, job_type, state, sub_state, pending_execution,
                                       version, process_at, part)
                VALUES (?, 0, '', 9, 2, 10, 3, 2, ?, ?)
                """, go.value(), Sql.utc(go.part()), Sql.utc(go.part()));

        Set<JobId> ids = new java.util.LinkedHashSet<>(List.of(scheduled, go));
        ids.addAll(queue.findByRetryGroup(queue.details(failed).orElseThrow().retryGroup()).stream()
                .map(JobDetails::id)
                .toList());
        assertThat(ids).hasSize(4).contains(failed);
        for (JobId id : ids) {
            assertThat(reader.find(id))
                    .as("job %s", id)
                    .isEqualTo(queue.details(id))
                    .isPresent();
        }
        JobDetails goJob = reader.find(go).orElseThrow();
        assertThat(goJob.correlationId()).isNull();
        assertThat(goJob.retryGroup()).isNull();
        assertThat(goJob.state()).isEqualTo(JobState.PROCESSING);
        assertThat(reader.find(JobId.forRunAt(NOW))).isEmpty();
        assertThat(reader.findByCorrelationId(Tenant.of(3), "order-1"))
                .isEqualTo(queue.findByCorrelationId(Tenant.of(3), "order-1"));
        assertThat(reader.findByUserFields(new UserFields("a", null, 5, null), 10))
                .extracting(JobDetails::id)
                .containsExactly(scheduled);
        assertThat(reader.findByUserFields(new UserFields(null, null, 6, null), 10))
                .isEmpty();
        assertThat(reader.findByRetryGroup(goJob.id().value())).isEmpty();
        assertThat(reader.findByRetryGroup(reader.find(failed).orElseThrow().retryGroup()))
                .extracting(JobDetails::id)
                .hasSize(2)
                .startsWith(failed);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndItsRange() {
        assertRefused(() -> JobPageRequest.first(0), "size", "size must be between 1 and 1000 but was 0");
        assertRefused(() -> JobPageRequest.first(1_001), "size", "size must be between 1 and 1000 but was 1001");
        assertRefused(
                () -> JobPageRequest.after("not-a-cursor", 10),
                "cursor",
                "cursor must be the nextCursor of a page jobqueue returned but was 'not-a-cursor'");
        assertRefused(
                () -> JobFilter.all().correlationId(" "),
                "correlationId",
                "correlationId must not be blank ('' and whitespace mean no correlation) but was ' '");
        assertRefused(
                () -> reader.findByCorrelationId(Tenant.DEFAULT, ""),
                "correlationId",
                "correlationId must not be blank ('' and whitespace mean no correlation) but was ''");
        assertRefused(() -> reader.count(JobFilter.all(), 0), "cap", "cap must be between 1 and 100000 but was 0");
        assertRefused(
                () -> reader.findByUserFields(new UserFields("a", null, null, null), 0),
                "limit",
                "limit must be between 1 and 10000 but was 0");
        assertRefused(
                () -> reader.findByUserFields(UserFields.NONE, 10),
                "query",
                "query must give at least one user field to search by");
    }

    private static void assertRefused(ThrowingCallable call, String field, String message) {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(call)
                .withMessage(message)
                .satisfies(e -> assertThat(e.field()).isEqualTo(field));
    }

    private List<JobId> search(JobFilter filter) {
        JobPage page = reader.search(filter, JobPageRequest.first(1_000));
        assertThat(page.nextCursor()).isNull();
        assertThat(page.jobs()).extracting(JobDetails::id).isSortedAccordingTo(Comparator.reverseOrder());
        return page.jobs().stream().map(JobDetails::id).toList();
    }

    private JobId schedule(NewJob job) {
        return queue.schedule(job);
    }

    private ClaimedJob claimOne(Tenant tenant, JobType type) {
        List<ClaimedJob> claimed = queue.claim(tenant, type, 1, LEASE).jobs();
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }
}
