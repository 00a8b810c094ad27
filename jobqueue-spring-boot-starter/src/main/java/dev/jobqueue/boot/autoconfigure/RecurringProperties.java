package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.recurring.MissedRuns;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One recurring job declared in YAML, under {@code jobqueue.recurring.<name>}. A schedule of the
 * same name declared with {@code @Recurring} takes the values set here and keeps the others.
 * Changes take effect at the next start; a schedule removed from YAML (and from the code) is
 * deleted at the next start. See docs/recurring.md.
 *
 * @since 0.2.0
 */
public class RecurringProperties {

    /** Spring cron expression (six fields, second first); leave unset for an interval. */
    private @Nullable String cron;

    /** Time between fire times, at least 1s; leave unset for a cron expression. */
    private @Nullable Duration interval;

    /** Time zone of the cron expression, such as Europe/Berlin. UTC when unset. */
    private @Nullable String zone;

    /** Job type: the name of its @JobHandler, or its number 0..255. */
    private @Nullable String type;

    /** Payload of every job, a JSON object. */
    private @Nullable Map<String, Object> payload;

    /** Tenant of the jobs, 0..255. 0 when unset. */
    private @Nullable Integer tenant;

    /** Whether fire times run; a disabled schedule is kept, paused. */
    private boolean enabled = true;

    /** What happens to fire times missed while no node ran: skip, once or each. Once when unset. */
    private @Nullable MissedRuns missed;

    /** Most missed fire times run when missed is each, 1..1000. 10 when unset. */
    private @Nullable Integer missedLimit;

    public @Nullable String getCron() {
        return cron;
    }

    public void setCron(@Nullable String cron) {
        this.cron = cron;
    }

    public @Nullable Duration getInterval() {
        return interval;
    }

    public void setInterval(@Nullable Duration interval) {
        this.interval = interval;
    }

    public @Nullable String getZone() {
        return zone;
    }

    public void setZone(@Nullable String zone) {
        this.zone = zone;
    }

    public @Nullable String getType() {
        return type;
    }

    public void setType(@Nullable String type) {
        this.type = type;
    }

    public @Nullable Map<String, Object> getPayload() {
        return payload;
    }

    public void setPayload(@Nullable Map<String, Object> payload) {
        this.payload = payload;
    }

    public @Nullable Integer getTenant() {
        return tenant;
    }

    public void setTenant(@Nullable Integer tenant) {
        this.tenant = tenant;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable MissedRuns getMissed() {
        return missed;
    }

    public void setMissed(@Nullable MissedRuns missed) {
        this.missed = missed;
    }

    public @Nullable Integer getMissedLimit() {
        return missedLimit;
    }

    public void setMissedLimit(@Nullable Integer missedLimit) {
        this.missedLimit = missedLimit;
    }
}
