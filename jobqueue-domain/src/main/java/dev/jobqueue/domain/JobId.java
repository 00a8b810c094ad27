package dev.jobqueue.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;

/**
 * A job id: a ULID whose 48-bit timestamp is the job's run time truncated to whole seconds,
 * as the Go library creates them. Ids therefore sort by due time, and the partition key
 * {@code part} of a job is derived from its id alone.
 *
 * <p>Ids created in one JVM for the same second are monotonic: each one increments the
 * random part of the last, so a burst scheduled for "now" keeps its order.
 *
 * @param value 26 characters of Crockford base32, upper case
 * @since 0.1.0
 */
public record JobId(String value) implements Comparable<JobId> {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final byte[] DECODE = new byte[128];
    private static final int LENGTH = 26;
    private static final Generator GENERATOR = new Generator(new SecureRandom());

    static {
        java.util.Arrays.fill(DECODE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = (byte) i;
            DECODE[Character.toLowerCase(ALPHABET[i])] = (byte) i;
        }
        // Crockford's aliases.
        DECODE['O'] = DECODE['o'] = 0;
        DECODE['I'] = DECODE['i'] = DECODE['L'] = DECODE['l'] = 1;
    }

    public JobId {
        value = normalize(value);
    }

    /**
     * Creates a new id for a job that runs at {@code runAt}.
     *
     * @throws InvalidJobInputException when {@code runAt} does not fit a {@code TIMESTAMP}
     */
    public static JobId forRunAt(Instant runAt) {
        Instant seconds = RunAt.storable("runAt", runAt);
        return GENERATOR.next(seconds.toEpochMilli());
    }

    /**
     * The id of one occurrence of something that happens at most once per run time, such as a
     * recurring schedule's fire time: the same {@code key} and {@code runAt} give the same id on
     * every node, so that a second insert of the occurrence collides on the primary key. The
     * random part is the first 80 bits of the SHA-256 of the key and the second.
     *
     * @throws InvalidJobInputException when {@code runAt} does not fit a {@code TIMESTAMP}
     * @since 0.2.0
     */
    public static JobId forOccurrence(String key, Instant runAt) {
        Instant seconds = RunAt.storable("runAt", runAt);
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((key + "@" + seconds.getEpochSecond()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        int high = ((hash[0] & 0xFF) << 8) | (hash[1] & 0xFF);
        long low = 0;
        for (int i = 2; i < 10; i++) {
            low = (low << 8) | (hash[i] & 0xFF);
        }
        return new JobId(Generator.encode(seconds.toEpochMilli(), high, low));
    }

    /**
     * Parses an id given by a caller.
     *
     * @throws InvalidJobInputException when {@code text} is not a ULID
     */
    public static JobId parse(String text) {
        return new JobId(text);
    }

    /** The partition key of this job: the id's timestamp, truncated to whole seconds. */
    public Instant part() {
        return Instant.ofEpochSecond(Math.floorDiv(timestampMillis(), 1000L));
    }

    /** The 48-bit millisecond timestamp encoded in the first ten characters. */
    public long timestampMillis() {
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            millis = (millis << 5) | DECODE[value.charAt(i)];
        }
        return millis;
    }

    /**
     * The smallest id whose timestamp is {@code millis}: every id created for that
     * millisecond or later sorts at or after it.
     */
    public static String lowerBound(long millis) {
        char[] chars = new char[LENGTH];
        encodeTimestamp(millis, chars);
        java.util.Arrays.fill(chars, 10, LENGTH, '0');
        return new String(chars);
    }

    @Override
    public int compareTo(JobId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String normalize(String text) {
        if (text == null || text.length() != LENGTH) {
            throw malformed(text);
        }
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (c >= 128 || DECODE[c] < 0) {
                throw malformed(text);
            }
            chars[i] = ALPHABET[DECODE[c]];
        }
        if (chars[0] > '7') {
            throw malformed(text);
        }
        return new String(chars);
    }

    private static InvalidJobInputException malformed(String text) {
        return new InvalidJobInputException(
                "id",
                "id must be a ULID: 26 characters of Crockford base32 starting with 0..7, but was '" + text + "'");
    }

    private static void encodeTimestamp(long millis, char[] chars) {
        for (int i = 9; i >= 0; i--) {
            chars[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
    }

    /** Creates monotonic ULIDs: 48-bit timestamp, then 80 random bits (16 high, 64 low). */
    static final class Generator {

        private final Random random;
        private long lastMillis = -1;
        private int lastHigh;
        private long lastLow;

        Generator(Random random) {
            this.random = random;
        }

        synchronized JobId next(long millis) {
            if (millis == lastMillis) {
                lastLow++;
                if (lastLow == 0) {
                    lastHigh = (lastHigh + 1) & 0xFFFF;
                }
            } else {
                lastMillis = millis;
                lastHigh = random.nextInt() & 0xFFFF;
                lastLow = random.nextLong();
            }
            return new JobId(encode(millis, lastHigh, lastLow));
        }

        private static String encode(long millis, int high, long low) {
            char[] chars = new char[LENGTH];
            encodeTimestamp(millis, chars);
            // 80 random bits as 16 characters: the first 4 characters take the 16 high bits
            // and the top 4 bits of low, the last 12 characters take the remaining 60 bits.
            long top20 = ((long) high << 4) | (low >>> 60);
            for (int i = 13; i >= 10; i--) {
                chars[i] = ALPHABET[(int) (top20 & 31)];
                top20 >>>= 5;
            }
            long rest = low & 0x0FFF_FFFF_FFFF_FFFFL;
            for (int i = 25; i >= 14; i--) {
                chars[i] = ALPHABET[(int) (rest & 31)];
                rest >>>= 5;
            }
            return new String(chars);
        }
    }
}
