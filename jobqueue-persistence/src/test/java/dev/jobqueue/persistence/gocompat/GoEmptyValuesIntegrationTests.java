package dev.jobqueue.persistence.gocompat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.persistence.gocompat.GoApi.Details;
import dev.jobqueue.persistence.gocompat.GoApi.ScheduleRequest;
import dev.jobqueue.persistence.gocompat.StoredRows.StoredJob;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.CorrelationScope;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The values the Go library writes for "nothing" ({@code ''}, {@code 0}, {@code {"": ""}})
 * and what it reads back from rows jobqueue wrote (issue #12, CONTRACT.md "What the Go code
 * really writes and reads").
 */
class GoEmptyValuesIntegrationTests extends GoCompatibilityFixture {

    /**
     * Critical: the Go library writes {@code correlation_id = ''} for every job without one.
     * Completing a jobqueue job whose id is blank used to complete every other scheduled job
     * of the tenant, of any type, retry rows included (all became 3/31 unrun).
     */
    @ParameterizedTest
    @EnumSource(CorrelationScope.class)
    void completingAJobWithABlankCorrelationIdLeavesEveryOtherJobOfTheTenantUntouched(CorrelationScope scope)
            throws Exception {
        queue = queueWith(scope);
        for (int type : new int[] {TYPE, TYPE + 1, TYPE + 2}) {
            go.schedule(ScheduleRequest.of(TENANT, type, NOW.plusSeconds(60)));
        }
        String failing = go.schedule(ScheduleRequest.of(TENANT, TYPE + 1, NOW));
        go.poll(TENANT, TYPE + 1).claimedId();
        go.markFailedWithRetry(failing, NOW.plusSeconds(30)).orElseThrow();
        go.schedule(ScheduleRequest.of(TENANT, TYPE + 3, NOW));
        go.poll(TENANT, TYPE + 3).claimedId();
        queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW.plusSeconds(60)));
        queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW).correlationId(""));
        queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW).correlationId(" "));
        queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW));
        Map<String, StoredJob> before = byId(rows.all());
        assertThat(before.values()).filteredOn(row -> row.state() == 1).hasSize(8);

        ClaimedJob single = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        queue.complete(single);
        List<ClaimedJob> batch = queue.claim(JQ_TENANT, JQ_TYPE, 2, LEASE).jobs();
        assertThat(queue.completeAll(batch)).isEmpty();

        List<String> completed = new ArrayList<>(List.of(single.id().value()));
        batch.forEach(job -> completed.add(job.id().value()));
        Map<String, StoredJob> after = byId(rows.all());
        completed.forEach(id -> assertThat(after.get(id))
                .extracting(StoredJob::state, StoredJob::subState)
                .containsExactly(3, 30));
        completed.forEach(before::remove);
        completed.forEach(after::remove);
        assertThat(after).as("every other row, exactly as before").isEqualTo(before);
        assertThat(after.values()).noneMatch(row -> row.subState() == 31);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"\": \"\"}", "{\"\":\"\"}", "", "NULL"})
    void propertiesTheGoLibraryWritesForNoPayloadReadAsNone(String stored) throws Exception {
        String id = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW));
        new JdbcTemplate(jobQueueDataSource)
                .update(
                        "UPDATE " + TABLE.jobsData() + " SET properties = " + (stored.equals("NULL") ? "NULL" : "?")
                                + " WHERE id = ?",
                        stored.equals("NULL") ? new Object[] {id} : new Object[] {stored, id});

        assertThat(queue.details(jobId(id)).orElseThrow().properties()).isNull();
        ClaimedJob claimed = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        assertThat(claimed.properties()).isNull();
        assertThat(claimed.correlationId())
                .as("the Go library's '' means no correlation")
                .isNull();
    }

    @Test
    void aGoUpdateWithoutPropertiesLeavesAJobWithoutPayload() throws Exception {
        String id = queue.schedule(
                        NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW).properties(Map.of("v", 1)))
                .value();

        go.updateJobData(id, null, "s", null, 1, null);

        assertThat(rows.get(id).properties()).isEmpty();
        assertThat(queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0).properties())
                .isNull();
    }

    @Test
    void jobQueueWritesTheGoLibrarysEmptyCorrelationIdForAJobWithoutOne() {
        String id =
                queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW)).value();

        assertThat(rows.get(id).correlationId()).isEmpty();
        assertThat(queue.details(jobId(id)).orElseThrow().correlationId()).isNull();
    }

    /**
     * A NULL correlation id made Go's details read report the int fields as 0/0, and a Go
     * retry write 0/0 (51/52 came back 0/0). Every field must survive both.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "order-7"})
    void everyFieldOfAJobQueueJobSurvivesAGoDetailsReadAndAGoRetry(String correlationId) throws Exception {
        NewJob job = NewJob.of(JQ_TYPE)
                .tenant(JQ_TENANT)
                .runAt(NOW)
                .executions(3)
                .properties("{\"b\": [1, 2.5, \"x\"], \"a\": {\"z\": true, \"y\": null}}")
                .userFields(new UserFields("alice", "bob", 51, 52));
        String id = queue.schedule(correlationId.isEmpty() ? job : job.correlationId(correlationId))
                .value();

        Details details = go.fetchDetails(id).orElseThrow();
        assertThat(details)
                .extracting(
                        Details::correlationId,
                        Details::stringUdf1,
                        Details::stringUdf2,
                        Details::intUdf1,
                        Details::intUdf2)
                .containsExactly(correlationId, "alice", "bob", 51, 52);

        go.poll(TENANT, TYPE).claimedId();
        String retryId = go.markFailedWithRetry(id, NOW.plusSeconds(5)).orElseThrow();
        clock.advance(Duration.ofSeconds(5));

        StoredJob retry = rows.get(retryId);
        assertThat(retry.correlationId()).isEqualTo(correlationId);
        ClaimedJob claimed = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        assertThat(claimed.id().value()).isEqualTo(retryId);
        assertThat(claimed.correlationId()).isEqualTo(correlationId.isEmpty() ? null : correlationId);
        assertThat(claimed.userFields())
                .as("the seed's retry copies int_udf_1 into int_udf_2")
                .isEqualTo(new UserFields("alice", "bob", 51, 51));
        assertThat(claimed.properties())
                .as("the same object, as Go marshals it")
                .isEqualTo("{\"a\":{\"y\":null,\"z\":true},\"b\":[1,2.5,\"x\"]}");
        assertThat(claimed.retryGroup()).isEqualTo(rows.get(id).retryGroup());
        assertThat(claimed.pendingExecution()).isEqualTo(1);
    }

    @Test
    void aJobQueueJobWithoutPayloadComesBackFromAGoRetryWithoutPayload() throws Exception {
        String id =
                queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW)).value();
        go.poll(TENANT, TYPE).claimedId();

        String retryId = go.markFailedWithRetry(id, NOW).orElseThrow();

        assertThat(rows.get(retryId).properties()).isEqualTo(GoApi.NO_PROPERTIES);
        ClaimedJob claimed = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        assertThat(claimed.id().value()).isEqualTo(retryId);
        assertThat(claimed.properties()).isNull();
    }

    private JobQueue queueWith(CorrelationScope scope) {
        return JobQueue.create(
                jobQueueDataSource,
                JobQueueSettings.defaults().withTable(TABLE).withClock(clock).withCorrelationScope(JQ_TYPE, scope));
    }

    private static Map<String, StoredJob> byId(List<StoredJob> rows) {
        return rows.stream().collect(Collectors.toMap(StoredJob::id, Function.identity()));
    }
}
