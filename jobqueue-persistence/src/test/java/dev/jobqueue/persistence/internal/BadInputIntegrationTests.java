package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobDataUpdate;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobNotFoundException;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/** Bad input gets an error that names the field and what it allows, and writes nothing. */
@ExtendWith(TestDatabaseExtension.class)
class BadInputIntegrationTests {

    private static final TableName TABLE = TableName.of("strict");
    private static JobQueue queue;
    private static JdbcTemplate jdbc;
    private static TestSchema schema;

    @BeforeAll
    static void createTables(TestSchema testSchema) {
        schema = testSchema;
        JobQueueSchema.migrate(testSchema.dataSource(), TABLE);
        queue = JobQueue.create(
                testSchema.dataSource(), JobQueueSettings.defaults().withTable(TABLE));
        jdbc = new JdbcTemplate(testSchema.dataSource());
    }

    @Test
    void tenantAndJobTypeOutsideTinyintUnsignedAreRefused() {
        assertRefused(() -> Tenant.of(256), "tenant", "tenant must be between 0 and 255 but was 256");
        assertRefused(() -> Tenant.of(-1), "tenant", "tenant must be between 0 and 255 but was -1");
        assertRefused(() -> JobType.of(300), "jobType", "jobType must be between 0 and 255 but was 300");
    }

    @Test
    void executionsOutsideOneTo255AreRefused() {
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).executions(0)),
                "executions",
                "executions must be between 1 and 255 but was 0");
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).executions(256)),
                "executions",
                "executions must be between 1 and 255 but was 256");
    }

    @Test
    void propertiesThatAreNotAJsonObjectAreRefused() {
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).properties("[1, 2]")),
                "properties",
                "properties must be a JSON object but was [1, 2]");
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).properties("{\"open\": ")),
                "properties",
                "properties must be a JSON object but is not valid JSON");
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).properties(List.of(1, 2))),
                "properties",
                "properties must be a JSON object but was");
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).properties(42)),
                "properties",
                "properties must be a JSON object but was");
    }

    @Test
    void propertiesLargerThanTheColumnAreRefused() {
        String huge = "x".repeat(70_000);
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).properties(Map.of("text", huge))),
                "properties",
                "properties must be at most 65535 bytes of UTF-8 (a TEXT column) but was 70011 bytes");
    }

    @Test
    void aBadJobInABatchWritesNoJobOfTheBatch() {
        List<NewJob> batch =
                List.of(NewJob.of(JobType.of(1)), NewJob.of(JobType.of(1)).executions(0));

        assertRefused(() -> queue.scheduleAll(batch), "executions", "executions must be between 1 and 255");
    }

    @Test
    void aRunAtTimeBeyondWhatATimestampHoldsIsRefused() {
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).runAt(Instant.parse("2038-01-19T03:14:08Z"))),
                "runAt",
                "runAt must be between 1970-01-01T00:00:01Z and 2038-01-19T03:14:07Z");
        assertThat(queue.schedule(NewJob.of(JobType.of(1)).runAt(Instant.parse("2038-01-19T03:14:07Z"))))
                .isNotNull();
        jdbc.execute("TRUNCATE TABLE strict");
        jdbc.execute("TRUNCATE TABLE strict_data");
    }

    @Test
    void aLongCorrelationIdIsRefused() {
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).correlationId("c".repeat(129))),
                "correlationId",
                "correlationId must be at most 128 characters but was 129");
    }

    @Test
    void aCorrelationIdIsCountedInCharactersAsTheColumnCountsThem() {
        String emoji = "\uD83D\uDE80";
        assertRefused(
                () -> queue.schedule(NewJob.of(JobType.of(1)).correlationId(emoji.repeat(129))),
                "correlationId",
                "correlationId must be at most 128 characters but was 129");

        JobId id = queue.schedule(NewJob.of(JobType.of(1)).correlationId(emoji.repeat(128)));

        assertThat(queue.details(id).orElseThrow().correlationId()).isEqualTo(emoji.repeat(128));
        jdbc.execute("TRUNCATE TABLE strict");
        jdbc.execute("TRUNCATE TABLE strict_data");
    }

    @Test
    void aSearchByABlankCorrelationIdIsRefused() {
        for (String blank : List.of("", " ", "\t\n")) {
            assertRefused(
                    () -> queue.findByCorrelationId(Tenant.DEFAULT, blank),
                    "correlationId",
                    "correlationId must not be blank ('' and whitespace mean no correlation) but was '" + blank + "'");
        }
    }

    @Test
    void malformedIdsAreRefused() {
        assertRefused(() -> JobId.parse("not-a-ulid"), "id", "id must be a ULID");
        assertRefused(() -> JobId.parse("8ZZZZZZZZZZZZZZZZZZZZZZZZZ"), "id", "id must be a ULID");
        assertRefused(() -> JobId.parse("01ARZ3NDEKTSV4RRFFQ69G5FA'"), "id", "id must be a ULID");
    }

    @Test
    void anUnknownIdIsReportedNotInvented() {
        JobId unknown = JobId.forRunAt(Instant.parse("2030-01-01T00:00:00Z"));

        assertThat(queue.details(unknown)).isEmpty();
        assertThatExceptionOfType(JobNotFoundException.class)
                .isThrownBy(() -> queue.updateData(unknown, new JobDataUpdate(Map.of(), UserFields.NONE)));
        assertThatExceptionOfType(JobNotFoundException.class)
                .isThrownBy(() -> queue.fire(unknown, dev.jobqueue.lifecycle.JobEvent.COMPLETE_BY_CORRELATION, null));
    }

    @Test
    void aTableNameThatIsNotAPlainIdentifierIsRefused() {
        assertRefused(() -> TableName.of("jobs; DROP TABLE jobs"), "table", "table must be a plain SQL identifier");
        assertRefused(() -> TableName.of("jobs`"), "table", "table must be a plain SQL identifier");
    }

    @Test
    void aTableNameTheServerReservesIsRefusedBeforeAnyTableIsCreated() {
        assertRefused(
                () -> JobQueueSchema.migrate(schema.dataSource(), TableName.of("order")),
                "table",
                "table must not be a word the server reserves but was 'order'");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                                + " AND table_name LIKE 'order%'",
                        Integer.class))
                .isZero();
    }

    private static void assertRefused(ThrowingCallable call, String field, String message) {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(call)
                .withMessageContaining(message)
                .satisfies(e -> assertThat(e.field()).isEqualTo(field));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM strict", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM strict_data", Integer.class))
                .isZero();
    }
}
