package dev.jobqueue.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.boot.autoconfigure.JdbcContexts;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobDataUpdate;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobNotFoundException;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bad input through the public scheduling and read API of an auto-configured application: each
 * is refused with an error that names the field and what it allows, and writes nothing.
 * Complements {@code BadInputIntegrationTests} of jobqueue-persistence, which covers
 * {@code JobQueue} on its own (issue #8).
 */
@ExtendWith(TestDatabaseExtension.class)
class JobSchedulerBadInputIntegrationTests {

    private static final TableName TABLE = TableName.of("badinput");
    private static final JobType TYPE = JobType.of(1);

    private final ApplicationContextRunner contextRunner;
    private final JdbcTemplate jdbc;

    JobSchedulerBadInputIntegrationTests(TestSchema schema) {
        this.jdbc = new JdbcTemplate(schema.dataSource());
        this.contextRunner = JdbcContexts.on(schema)
                .withPropertyValues(
                        "jobqueue.table=" + TABLE.base(),
                        "jobqueue.schema.initialize=false",
                        "jobqueue.partitions.enabled=false",
                        "jobqueue.worker.enabled=false");
    }

    @BeforeAll
    static void createTables(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
    }

    @BeforeEach
    void emptyTables() {
        jdbc.execute("TRUNCATE TABLE " + TABLE.jobs());
        jdbc.execute("TRUNCATE TABLE " + TABLE.jobsData());
    }

    @Test
    void aTenantOrTypeOutsideTinyintUnsignedIsRefused() {
        withScheduler(scheduler -> {
            assertRefused(
                    () -> scheduler.job(TYPE, Map.of()).tenant(256).schedule(),
                    "tenant",
                    "tenant must be between 0 and 255 but was 256");
            assertRefused(
                    () -> scheduler.job(TYPE, Map.of()).tenant(-1).schedule(),
                    "tenant",
                    "tenant must be between 0 and 255 but was -1");
            assertRefused(
                    () -> scheduler.schedule(JobType.of(256), Map.of()),
                    "jobType",
                    "jobType must be between 0 and 255 but was 256");
            assertRefused(
                    () -> scheduler.schedule(JobType.of(-1), Map.of()),
                    "jobType",
                    "jobType must be between 0 and 255 but was -1");
        });
    }

    @Test
    void executionsOutsideOneTo255AreRefused() {
        withScheduler(scheduler -> {
            assertRefused(
                    () -> scheduler.job(TYPE, Map.of()).executions(0).schedule(),
                    "executions",
                    "executions must be between 1 and 255 but was 0");
            assertRefused(
                    () -> scheduler.job(TYPE, Map.of()).executions(256).schedule(),
                    "executions",
                    "executions must be between 1 and 255 but was 256");
            assertRefused(
                    () -> scheduler.job(TYPE, Map.of()).executions(-1).schedule(),
                    "executions",
                    "executions must be between 1 and 255 but was -1");
        });
    }

    @Test
    void aPayloadThatIsNotAJsonObjectIsRefused() {
        withScheduler(scheduler -> {
            assertRefused(
                    () -> scheduler.schedule(TYPE, List.of(1, 2)),
                    "properties",
                    "properties must be a JSON object but was ",
                    "(written as [1,2])");
            assertRefused(
                    () -> scheduler.schedule(TYPE, 42),
                    "properties",
                    "properties must be a JSON object but was Integer (written as 42)");
            assertRefused(
                    () -> scheduler.schedule(TYPE, "[1, 2]"),
                    "properties",
                    "properties must be a JSON object but was [1, 2]");
            assertRefused(
                    () -> scheduler.schedule(TYPE, "\"text\""),
                    "properties",
                    "properties must be a JSON object but was \"text\"");
            assertRefused(
                    () -> scheduler.schedule(TYPE, "null"),
                    "properties",
                    "properties must be a JSON object but was null");
            assertRefused(() -> scheduler.schedule(TYPE, ""), "properties", "properties must be a JSON object");
        });
    }

    @Test
    void malformedJsonTextIsRefused() {
        withScheduler(scheduler -> {
            assertRefused(
                    () -> scheduler.schedule(TYPE, "{\"open\": "),
                    "properties",
                    "properties must be a JSON object but is not valid JSON");
            assertRefused(
                    () -> scheduler.schedule(TYPE, "{'single': 'quotes'}"),
                    "properties",
                    "properties must be a JSON object but is not valid JSON");
            assertRefused(
                    () -> scheduler.schedule(TYPE, "{\"a\": 1} {\"b\": 2}"),
                    "properties",
                    "properties must be a JSON object but is not valid JSON");
            assertRefused(
                    () -> scheduler.schedule(TYPE, "{\"a\": 1}; DROP TABLE badinput"),
                    "properties",
                    "properties must be a JSON object but is not valid JSON");
        });
    }

    @Test
    void aPayloadJacksonCannotWriteIsRefused() {
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        withScheduler(scheduler -> {
            assertRefused(
                    () -> scheduler.schedule(TYPE, cyclic), "properties", "properties must be writable as JSON: ");
            assertRefused(
                    () -> scheduler.schedule(TYPE, new Exploding()),
                    "properties",
                    "properties must be writable as JSON: ");
        });
    }

    @Test
    void aPayloadLargerThanTheTextColumnIsRefusedByItsUtf8Size() {
        withScheduler(scheduler -> {
            assertRefused(
                    () -> scheduler.schedule(TYPE, Map.of("text", "x".repeat(70_000))),
                    "properties",
                    "properties must be at most 65535 bytes of UTF-8 (a TEXT column) but was 70011 bytes");
            // 40,000 characters, but 80,000 bytes: the column's limit is in bytes.
            assertRefused(
                    () -> scheduler.schedule(TYPE, Map.of("text", "é".repeat(40_000))),
                    "properties",
                    "properties must be at most 65535 bytes of UTF-8 (a TEXT column) but was 80011 bytes");
        });
    }

    @Test
    void aRunTimeATimestampCannotHoldIsRefused() {
        withScheduler(scheduler -> {
            String range = "runAt must be between 1970-01-01T00:00:01Z and 2038-01-19T03:14:07Z";
            assertRefused(
                    () -> scheduler
                            .job(TYPE, Map.of())
                            .at(Instant.parse("2038-01-19T03:14:08Z"))
                            .schedule(),
                    "runAt",
                    range + " (the range of a MySQL TIMESTAMP) but was 2038-01-19T03:14:08Z");
            assertRefused(() -> scheduler.job(TYPE, Map.of()).at(Instant.EPOCH).schedule(), "runAt", range);
            assertRefused(
                    () -> scheduler
                            .job(TYPE, Map.of())
                            .in(Duration.ofDays(365 * 20))
                            .schedule(),
                    "runAt",
                    range);
            assertRefused(
                    () -> scheduler.job(TYPE, Map.of()).in(Duration.ofSeconds(Long.MAX_VALUE)),
                    "runAt",
                    range + " (the range of a MySQL TIMESTAMP) but was now plus PT");
        });
    }

    @Test
    void aLongCorrelationIdOrUserFieldIsRefused() {
        withScheduler(scheduler -> {
            assertRefused(
                    () -> scheduler
                            .job(TYPE, Map.of())
                            .correlationId("c".repeat(129))
                            .schedule(),
                    "correlationId",
                    "correlationId must be at most 128 characters but was 129");
            assertRefused(
                    () -> scheduler
                            .job(TYPE, Map.of())
                            .correlationId("\uD83D\uDE80".repeat(129))
                            .schedule(),
                    "correlationId",
                    "correlationId must be at most 128 characters but was 129");
            assertRefused(
                    () -> scheduler
                            .job(TYPE, Map.of())
                            .userFields(UserFields.NONE.withString1("u".repeat(65_536)))
                            .schedule(),
                    "stringUdf1",
                    "stringUdf1 must be at most 65535 bytes of UTF-8 (a TEXT column) but was 65536 bytes");
            assertRefused(
                    () -> scheduler
                            .job(TYPE, Map.of())
                            .userFields(UserFields.NONE.withString2("ü".repeat(40_000)))
                            .schedule(),
                    "stringUdf2",
                    "stringUdf2 must be at most 65535 bytes of UTF-8 (a TEXT column) but was 80000 bytes");
        });
    }

    @Test
    void aBatchWithOneBadJobWritesNoneOfIt() {
        withScheduler(scheduler -> {
            List<NewJob> badLast = List.of(
                    scheduler.job(TYPE, Map.of("n", 1)).toNewJob(),
                    scheduler.job(TYPE, Map.of("n", 2)).tenant(7).toNewJob(),
                    scheduler
                            .job(TYPE, Map.of("n", 3))
                            .correlationId("c".repeat(129))
                            .toNewJob());
            assertRefused(
                    () -> scheduler.scheduleAll(badLast),
                    "correlationId",
                    "correlationId must be at most 128 characters but was 129");

            List<NewJob> hugeInTheMiddle = List.of(
                    scheduler.job(TYPE, Map.of("n", 1)).toNewJob(),
                    scheduler.job(TYPE, Map.of("text", "x".repeat(70_000))).toNewJob(),
                    scheduler.job(TYPE, Map.of("n", 3)).toNewJob());
            assertRefused(
                    () -> scheduler.scheduleAll(hugeInTheMiddle),
                    "properties",
                    "properties must be at most 65535 bytes");
        });
    }

    @Test
    void malformedIdsAreRefusedBeforeAnySql() {
        withQueue(queue -> {
            for (String id : List.of(
                    "01H' OR '1'='1",
                    "01ARZ3NDEKTSV4RRFFQ69G5FA' OR '1'='1",
                    "01ARZ3NDEKTSV4RRFFQ69G5F;-",
                    "'; DROP TABLE badinput; --",
                    "not-a-ulid",
                    "",
                    "01ARZ3NDEKTSV4RRFFQ69G5FAVX",
                    "8ZZZZZZZZZZZZZZZZZZZZZZZZZ",
                    "01ARZ3NDEKTSV4RRFFQ69G5FÄ")) {
                assertRefused(
                        () -> queue.details(JobId.parse(id)),
                        "id",
                        "id must be a ULID: 26 characters of Crockford base32 starting with 0..7, but was '" + id
                                + "'");
                assertRefused(
                        () -> queue.fire(JobId.parse(id), JobEvent.COMPLETE_BY_CORRELATION, null),
                        "id",
                        "id must be a ULID");
            }
        });
    }

    @Test
    void injectionInLookUpValuesIsBoundAsDataAndFindsNothing() {
        withBeans((scheduler, queue) -> {
            JobId job = scheduler
                    .job(TYPE, Map.of())
                    .correlationId("order-1")
                    .userFields(UserFields.NONE.withString1("alpha"))
                    .schedule();

            assertThat(queue.findByCorrelationId(Tenant.DEFAULT, "x' OR '1'='1"))
                    .isEmpty();
            assertThat(queue.findByRetryGroup("' OR 1=1 -- ")).isEmpty();
            assertThat(queue.findByUserFields(UserFields.NONE.withString1("' OR ''='"), 10))
                    .isEmpty();
            assertThat(queue.findByCorrelationId(Tenant.DEFAULT, "order-1"))
                    .singleElement()
                    .satisfies(details -> assertThat(details.id()).isEqualTo(job));
            assertThat(rows()).as("jobs and jobs_data rows").containsExactly(1, 1);
        });
    }

    @Test
    void anUnknownOrOutOfRangeLookUpIsReportedAndWritesNothing() {
        withQueue(queue -> {
            JobId unknown = JobId.forRunAt(Instant.parse("2030-01-01T00:00:00Z"));

            assertThat(queue.details(unknown)).isEmpty();
            assertThatExceptionOfType(JobNotFoundException.class)
                    .isThrownBy(() -> queue.fire(unknown, JobEvent.COMPLETE_BY_CORRELATION, null))
                    .withMessageContaining(unknown.value());
            assertThatExceptionOfType(JobNotFoundException.class)
                    .isThrownBy(() -> queue.updateData(unknown, new JobDataUpdate(Map.of(), UserFields.NONE)))
                    .withMessageContaining(unknown.value());
            assertRefused(
                    () -> queue.updateData(unknown, new JobDataUpdate("[1]", UserFields.NONE)),
                    "properties",
                    "properties must be a JSON object but was [1]");
            assertRefused(
                    () -> queue.findByUserFields(UserFields.NONE.withInt1(1), 0),
                    "limit",
                    "limit must be between 1 and 10000 but was 0");
            assertRefused(
                    () -> queue.findByUserFields(UserFields.NONE.withInt1(1), -1),
                    "limit",
                    "limit must be between 1 and 10000 but was -1");
        });
    }

    private void withScheduler(Consumer<JobScheduler> test) {
        withBeans((scheduler, queue) -> test.accept(scheduler));
    }

    private void withQueue(Consumer<JobQueue> test) {
        withBeans((scheduler, queue) -> test.accept(queue));
    }

    private void withBeans(BiConsumer<JobScheduler, JobQueue> test) {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            test.accept(context.getBean(JobScheduler.class), context.getBean(JobQueue.class));
        });
    }

    private void assertRefused(ThrowingCallable call, String field, String... message) {
        List<Integer> before = rows();
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(call)
                .satisfies(e -> assertThat(e.getMessage()).contains(message))
                .satisfies(e -> assertThat(e.field()).isEqualTo(field));
        assertThat(rows()).as("jobs and jobs_data rows").isEqualTo(before).containsOnly(0);
    }

    private List<Integer> rows() {
        return List.of(
                jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE.jobs(), Integer.class),
                jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE.jobsData(), Integer.class));
    }

    /** A payload whose getter throws while Jackson writes it. */
    static class Exploding {

        public String getValue() {
            throw new IllegalStateException("not readable");
        }
    }
}
