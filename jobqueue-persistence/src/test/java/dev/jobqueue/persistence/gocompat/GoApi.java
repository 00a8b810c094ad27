package dev.jobqueue.persistence.gocompat;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The Go library's codes, requests and responses, as gox-base's queue/api.go declares them. */
final class GoApi {

    /** What the seed writes into {@code properties} when a job has none (schedule.go). */
    static final String NO_PROPERTIES = "{\"\": \"\"}";

    static final int STATUS_SCHEDULED = 1;
    static final int STATUS_PROCESSING = 2;
    static final int STATUS_DONE = 3;
    static final int STATUS_FAILED = 4;
    static final int SUB_STATUS_SCHEDULED_OK = 10;
    static final int SUB_STATUS_DONE = 30;
    static final int SUB_STATUS_NO_RETRY_PENDING = 43;
    static final int SUB_STATUS_RETRY_PENDING = 44;
    static final int SUB_STATUS_RETRY_DECLINED = 45;

    /** The Go library's {@code queue.ScheduleRequest}; properties are JSON object text. */
    record ScheduleRequest(
            int tenant,
            int jobType,
            Instant at,
            int remainingExecution,
            @Nullable String correlationId,
            @Nullable String properties,
            @Nullable String stringUdf1,
            @Nullable String stringUdf2,
            @Nullable Integer intUdf1,
            @Nullable Integer intUdf2) {

        static ScheduleRequest of(int tenant, int jobType, Instant at) {
            return new ScheduleRequest(tenant, jobType, at, 3, null, null, null, null, null, null);
        }

        ScheduleRequest remainingExecution(int executions) {
            return new ScheduleRequest(
                    tenant,
                    jobType,
                    at,
                    executions,
                    correlationId,
                    properties,
                    stringUdf1,
                    stringUdf2,
                    intUdf1,
                    intUdf2);
        }

        ScheduleRequest correlationId(String id) {
            return new ScheduleRequest(
                    tenant, jobType, at, remainingExecution, id, properties, stringUdf1, stringUdf2, intUdf1, intUdf2);
        }

        ScheduleRequest properties(String json) {
            return new ScheduleRequest(
                    tenant,
                    jobType,
                    at,
                    remainingExecution,
                    correlationId,
                    json,
                    stringUdf1,
                    stringUdf2,
                    intUdf1,
                    intUdf2);
        }

        ScheduleRequest udfs(@Nullable String s1, @Nullable String s2, @Nullable Integer i1, @Nullable Integer i2) {
            return new ScheduleRequest(
                    tenant, jobType, at, remainingExecution, correlationId, properties, s1, s2, i1, i2);
        }
    }

    enum PollOutcome {
        /** The row is now state 2, its sub_state untouched. */
        CLAIMED,
        /** No scheduled row for the tenant and type (none unlocked, to be exact). */
        NO_JOB,
        /** The smallest row is not due: nothing was claimed, wait {@link Poll#waitFor()}. */
        WAIT,
        /** The claim's UPDATE changed no row: the seed's "concurrency error". */
        CONCURRENT_UPDATE
    }

    record Poll(
            PollOutcome outcome,
            @Nullable String id,
            @Nullable Duration waitFor) {

        String claimedId() {
            if (outcome != PollOutcome.CLAIMED || id == null) {
                throw new IllegalStateException("The Go poller claimed nothing: " + this);
            }
            return id;
        }
    }

    /** The Go library's {@code queue.JobDetailsResponse}, both rows read by (id, part). */
    record Details(
            String id,
            Instant at,
            int jobType,
            int state,
            int subState,
            @Nullable String correlationId,
            int remainingExecution,
            int tenant,
            @Nullable String properties,
            @Nullable String stringUdf1,
            @Nullable String stringUdf2,
            @Nullable Integer intUdf1,
            @Nullable Integer intUdf2,
            String retryGroup) {}

    private GoApi() {}
}
