package dev.jobqueue.recurring;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * A recurring job: which job to schedule, and when. Either a cron expression (Spring's
 * {@link CronExpression}: six fields, second first, read in {@link #zone()}) or a fixed interval.
 *
 * <pre>{@code
 * recurringJobs.create(RecurringJob.cron("nightly-report", REPORT, "0 30 1 * * *")
 *         .zone(ZoneId.of("Europe/Berlin"))
 *         .payload(Map.of("format", "pdf")));
 * }</pre>
 *
 * @param name unique in the queue: 1..64 letters, digits, {@code . _ : -}
 * @param payload the payload of every job: a JSON object as text, a Map, or any object Jackson
 *     writes as one; null for none
 * @param missedLimit most missed fire times run under {@link MissedRuns#EACH}, 1..1000
 * @since 0.2.0
 */
public record RecurringJob(
        String name,
        JobType type,
        Tenant tenant,
        @Nullable String cron,
        @Nullable Duration interval,
        ZoneId zone,
        @Nullable Object payload,
        MissedRuns missed,
        int missedLimit) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public RecurringJob {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidJobInputException(
                    "name", "name must be 1 to 64 letters, digits, '.', '_', ':' or '-'" + " but was '" + name + "'");
        }
        if ((cron == null) == (interval == null)) {
            throw new InvalidJobInputException(
                    "cron",
                    "recurring job " + name + " must have exactly one of cron and interval but had "
                            + (cron == null ? "neither" : "both"));
        }
        if (cron != null) {
            requireCron(name, cron);
        }
        if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidJobInputException(
                    "interval", "interval of recurring job " + name + " must be at least 1s but was " + interval);
        }
        if (missedLimit < 1 || missedLimit > 1000) {
            throw InvalidJobInputException.outOfRange("missedLimit", 1, 1000, missedLimit);
        }
    }

    /** A job of {@code type} at the fire times of {@code cron} in UTC, for the default tenant. */
    public static RecurringJob cron(String name, JobType type, String cron) {
        return new RecurringJob(name, type, Tenant.DEFAULT, cron, null, ZoneId.of("UTC"), null, MissedRuns.ONCE, 10);
    }

    /** A job of {@code type} every {@code interval} (at least a second), for the default tenant. */
    public static RecurringJob every(String name, JobType type, Duration interval) {
        return new RecurringJob(
                name, type, Tenant.DEFAULT, null, interval, ZoneId.of("UTC"), null, MissedRuns.ONCE, 10);
    }

    public RecurringJob zone(ZoneId zone) {
        return new RecurringJob(name, type, tenant, cron, interval, zone, payload, missed, missedLimit);
    }

    public RecurringJob tenant(int tenant) {
        return new RecurringJob(name, type, Tenant.of(tenant), cron, interval, zone, payload, missed, missedLimit);
    }

    public RecurringJob payload(@Nullable Object payload) {
        return new RecurringJob(name, type, tenant, cron, interval, zone, payload, missed, missedLimit);
    }

    /** This job with another policy for missed fire times; {@code limit} counts for {@link MissedRuns#EACH}. */
    public RecurringJob missed(MissedRuns missed, int limit) {
        return new RecurringJob(name, type, tenant, cron, interval, zone, payload, missed, limit);
    }

    /** Parses a zone name, with an error that names the field. */
    static ZoneId zone(String name, String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidJobInputException(
                    "zone",
                    "zone of recurring job " + name + " must be a time zone id such as Europe/Berlin or UTC but was '"
                            + zone + "'");
        }
    }

    private static void requireCron(String name, String cron) {
        try {
            CronExpression.parse(cron);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobInputException(
                    "cron",
                    "cron of recurring job " + name + " must be a Spring cron"
                            + " expression (six fields, second first, such as '0 */5 * * * *') but was '" + cron + "': "
                            + e.getMessage());
        }
    }
}
