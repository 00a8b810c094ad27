package dev.jobqueue.domain;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code permits} job starts (claims) per {@code interval}, counted in fixed windows of
 * that length aligned to the epoch, across every node of the cluster.
 *
 * @param permits starts allowed per window, 1..1,000,000
 * @param interval length of a window, 1 ms..1 day
 * @since 0.2.0
 */
public record RateLimit(int permits, Duration interval) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*(ms|s|m|h|d)?\\s*");
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);

    public RateLimit {
        if (permits < 1 || permits > 1_000_000) {
            throw InvalidJobInputException.outOfRange("permits", 1, 1_000_000, permits);
        }
        if (interval == null || interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidJobInputException("interval", "interval must be between 1ms and 1d but was " + interval);
        }
    }

    /**
     * Reads {@code permits/interval}: {@code 100/1s}, {@code 5/250ms}, {@code 1000/1m}; units
     * {@code ms}, {@code s} (the default), {@code m}, {@code h} and {@code d}.
     *
     * @param property what the text came from, named in the error
     * @throws InvalidJobInputException when the text is not of that form or out of range
     */
    public static RateLimit parse(String property, String text) {
        Matcher matcher = TEXT.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new InvalidJobInputException(
                    property,
                    property + " must be permits/interval such as 100/1s or"
                            + " 5/250ms (units ms, s, m, h, d) but was '" + text + "'");
        }
        long permits = Long.parseLong(matcher.group(1));
        long amount = Long.parseLong(matcher.group(2));
        String unit = matcher.group(3) == null ? "s" : matcher.group(3).toLowerCase(Locale.ROOT);
        Duration interval = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (permits < 1 || permits > 1_000_000) {
            throw new InvalidJobInputException(
                    property,
                    property + " must allow between 1 and 1000000 starts per" + " interval but was '" + text + "'");
        }
        if (interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidJobInputException(
                    property, property + " must have an interval between 1ms and 1d but" + " was '" + text + "'");
        }
        return new RateLimit((int) permits, interval);
    }

    /** The limit as {@link #parse} reads it, e.g. {@code 100/1000ms}. */
    @Override
    public String toString() {
        return permits + "/" + interval.toMillis() + "ms";
    }
}
