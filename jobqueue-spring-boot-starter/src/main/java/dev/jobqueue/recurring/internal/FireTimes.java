package dev.jobqueue.recurring.internal;

import dev.jobqueue.recurring.MissedRuns;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * The fire times of a schedule. A cron expression is read in its zone by Spring's
 * {@link CronExpression}: a local time the clocks skip (spring forward) does not happen that day;
 * in the hour the clocks repeat (fall back) it fires during the first pass only, so that each
 * local time fires at most once a day. An interval is elapsed time, which daylight saving does
 * not change.
 */
public final class FireTimes {

    /** Fire times at most this old when a node sees them run as usual; older ones were missed. */
    public static final Duration GRACE = Duration.ofMinutes(1);
    /** Missed fire times further back than this are not looked at. */
    static final Duration LOOKBACK = Duration.ofDays(7);

    private final @Nullable CronExpression cron;
    private final @Nullable Duration interval;
    private final ZoneId zone;

    private FireTimes(@Nullable CronExpression cron, @Nullable Duration interval, ZoneId zone) {
        this.cron = cron;
        this.interval = interval;
        this.zone = zone;
    }

    public static FireTimes of(@Nullable String cron, @Nullable Duration interval, ZoneId zone) {
        return new FireTimes(cron == null ? null : CronExpression.parse(cron), interval, zone);
    }

    /** The first fire time strictly after {@code time} (for an interval: {@code time} plus the interval). */
    public Instant after(Instant time) {
        if (cron == null) {
            return time.plus(interval);
        }
        ZonedDateTime next = time.atZone(zone);
        do {
            next = cron.next(next);
            if (next == null) {
                throw new IllegalStateException("cron expression " + cron + " has no fire time after " + time);
            }
        } while (inRepeatedHour(next));
        return next.toInstant();
    }

    private boolean inRepeatedHour(ZonedDateTime time) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(time.toLocalDateTime());
        return transition != null && transition.isOverlap() && time.getOffset().equals(transition.getOffsetAfter());
    }

    /** The fire times to run now and the next one after them. */
    public record Plan(List<Instant> run, Instant next) {}

    /**
     * What a schedule whose first fire time not yet run is {@code next} runs at {@code now}:
     * fire times at most {@link #GRACE} old run; older ones were missed and run per {@code missed}.
     */
    public Plan plan(Instant next, Instant now, MissedRuns missed, int limit) {
        int keep = missed == MissedRuns.EACH ? limit : 1;
        Deque<Instant> late = new ArrayDeque<>();
        List<Instant> onTime = new ArrayList<>();
        Instant fire = skipFarBehind(next, now, keep);
        while (!fire.isAfter(now)) {
            if (Duration.between(fire, now).compareTo(GRACE) > 0) {
                late.addLast(fire);
                if (late.size() > keep) {
                    late.removeFirst();
                }
            } else {
                onTime.add(fire);
            }
            fire = after(fire);
        }
        List<Instant> run = new ArrayList<>();
        if (missed != MissedRuns.SKIP) {
            run.addAll(late);
        }
        run.addAll(onTime);
        return new Plan(run, fire);
    }

    /** A fire time to start from that leaves out fire times no policy would run. */
    private Instant skipFarBehind(Instant next, Instant now, int keep) {
        if (interval != null) {
            long behind = Duration.between(next, now).toMillis() / interval.toMillis();
            long needed = keep + GRACE.toMillis() / interval.toMillis() + 1;
            return behind > needed ? next.plus(interval.multipliedBy(behind - needed)) : next;
        }
        Instant horizon = now.minus(LOOKBACK);
        return next.isBefore(horizon) ? after(horizon) : next;
    }
}
