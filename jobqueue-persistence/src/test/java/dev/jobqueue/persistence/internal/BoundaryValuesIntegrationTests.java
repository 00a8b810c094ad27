package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.RunAt;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The last values the columns hold are accepted and the first ones past them refused: TEXT
 * payloads and user fields at 65,535 bytes of UTF-8 (counted in bytes, so multi-byte characters
 * reach it sooner), and a job due at the last second a TIMESTAMP holds, 2038-01-19T03:14:07Z.
 */
@ExtendWith(TestDatabaseExtension.class)
class BoundaryValuesIntegrationTests {

    private static final TableName TABLE = TableName.of("edges");
    private static final JobType TYPE = JobType.of(1);
    /** One, two, three and four bytes of UTF-8 each. */
    private static final List<String> CHARACTERS = List.of("a", "é", "€", "😀");

    private static TestSchema schema;
    private static JdbcTemplate jdbc;
    private static JobQueue queue;

    @BeforeAll
    static void createTables(TestSchema testSchema) {
        schema = testSchema;
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        jdbc = new JdbcTemplate(schema.dataSource());
        queue = JobQueue.create(schema.dataSource(), JobQueueSettings.defaults().withTable(TABLE));
    }

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM edges");
        jdbc.update("DELETE FROM edges_data");
    }

    @Test
    void payloadsAndUserFieldsOfExactly65535BytesAreStoredWhole() {
        for (String character : CHARACTERS) {
            String payload = jsonOfBytes(65_535, character);
            String text = textOfBytes(65_535, character);
            JobId id = queue.schedule(NewJob.of(TYPE)
                    .properties(payload)
                    .userFields(UserFields.NONE.withString1(text).withString2(text)));

            assertThat(jdbc.queryForList("""
                    SELECT LENGTH(properties), LENGTH(string_udf_1), LENGTH(string_udf_2) FROM edges_data WHERE id = ?
                    """, id.value()).get(0).values())
                    .as("bytes stored for '%s'", character)
                    .map(value -> ((Number) value).longValue())
                    .containsOnly(65_535L);
            JobDetails details = queue.details(id).orElseThrow();
            assertThat(details.properties()).isEqualTo(payload);
            assertThat(details.userFields().string1()).isEqualTo(text);
        }
    }

    @Test
    void payloadsAndUserFieldsOf65536BytesAreRefusedAndWriteNothing() {
        for (String character : CHARACTERS) {
            assertRefused(NewJob.of(TYPE).properties(jsonOfBytes(65_536, character)), "properties");
            assertRefused(
                    NewJob.of(TYPE).userFields(UserFields.NONE.withString1(textOfBytes(65_536, character))),
                    "stringUdf1");
            assertRefused(
                    NewJob.of(TYPE).userFields(UserFields.NONE.withString2(textOfBytes(65_536, character))),
                    "stringUdf2");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM edges", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM edges_data", Integer.class))
                .isZero();
    }

    @Test
    void aJobDueAtTheLastSecondATimestampHoldsIsScheduledClaimedAndCompleted() {
        MutableClock clock = new MutableClock(RunAt.MAX.minusSeconds(60));
        JobQueue at2038 = JobQueue.create(
                schema.dataSource(),
                JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
        JobId id = at2038.schedule(NewJob.of(TYPE).tenant(Tenant.DEFAULT).runAt(RunAt.MAX));
        assertThat(at2038.details(id).orElseThrow().processAt()).isEqualTo(RunAt.MAX);
        assertThat(at2038.claim(Tenant.DEFAULT, TYPE, 10, Duration.ofSeconds(30))
                        .jobs())
                .as("not due yet")
                .isEmpty();

        clock.set(RunAt.MAX);
        // Any lease taken at the last second ends past it: the claim must still be stored.
        List<ClaimedJob> claimed =
                at2038.claim(Tenant.DEFAULT, TYPE, 10, Duration.ofSeconds(30)).jobs();

        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(id);
        assertThat(at2038.details(id).orElseThrow().leaseExpiresAt()).isEqualTo(RunAt.MAX.plusMillis(999));
        ClaimedJob job = at2038.heartbeat(claimed.get(0), Duration.ofSeconds(30));
        assertThat(at2038.complete(job).to()).isEqualTo(SubState.DONE);
        assertThat(at2038.details(id).orElseThrow().subState()).isEqualTo(30);
    }

    private static void assertRefused(NewJob job, String field) {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> queue.schedule(job))
                .satisfies(e -> assertThat(e.field()).isEqualTo(field))
                .withMessage(field + " must be at most 65535 bytes of UTF-8 (a TEXT column) but was 65536 bytes");
    }

    /** A JSON object of exactly {@code bytes} bytes of UTF-8, filled with {@code character}. */
    private static String jsonOfBytes(int bytes, String character) {
        return "{\"t\":\"" + textOfBytes(bytes - 8, character) + "\"}";
    }

    /** Text of exactly {@code bytes} bytes of UTF-8: {@code character} repeated, topped up with 'a'. */
    private static String textOfBytes(int bytes, String character) {
        int size = character.getBytes(StandardCharsets.UTF_8).length;
        String text = character.repeat(bytes / size) + "a".repeat(bytes % size);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return text;
    }
}
