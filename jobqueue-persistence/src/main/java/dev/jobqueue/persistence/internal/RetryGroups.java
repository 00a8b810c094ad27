package dev.jobqueue.persistence.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * New retry groups (and batch ids): UUIDs of version 7 (RFC 9562), whose first 48 bits are the
 * Unix time in milliseconds and whose other 74 bits are random.
 *
 * <p>A retry group is the key of {@code retry_group_index} on {@code jobs_data} and of the
 * tables that hang off a retry group (trace contexts, follow-ups, failures). A version-4 UUID
 * lands every new key on a random leaf page of those indexes: once an index outgrows the buffer
 * pool, each insert waits for a page read (issue #19 measured 7,600 against 56,000 rows/s into a
 * 5,000,000-row table with a 128 MB pool). Keys that start with the time land where the last
 * ones did. They are still UUIDs in the 36-character text form the seed stores; the Go library
 * reads them as opaque strings, and the keys it writes itself (random ones in the tests' port
 * of its enqueue) only need to be unique.
 *
 * <p>Not API: public for the benchmark, which writes the same rows as jobqueue.
 */
public final class RetryGroups {

    private static final long VERSION_7 = 0x7000L;

    private RetryGroups() {}

    /** A new group for something created now. */
    public static String next() {
        return at(Instant.now());
    }

    /**
     * A new group whose time part is {@code time}: the random bits of a version-4 UUID (from a
     * {@link java.security.SecureRandom}, as {@link UUID#randomUUID()} draws them, variant bits
     * included) under the 48-bit millisecond time and the version 7.
     */
    public static String at(Instant time) {
        UUID random = UUID.randomUUID();
        long millis = Math.max(0L, time.toEpochMilli()) & 0xFFFF_FFFF_FFFFL;
        long high = (millis << 16) | VERSION_7 | (random.getMostSignificantBits() & 0x0FFFL);
        return new UUID(high, random.getLeastSignificantBits()).toString();
    }
}
