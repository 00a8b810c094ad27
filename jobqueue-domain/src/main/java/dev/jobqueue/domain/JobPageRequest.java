package dev.jobqueue.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Which page of a search to read: the first, or the one after a page already read. Pages are
 * keyset pages: a page starts after the last job of the previous one, so jobs inserted or
 * finished between two reads never make a page repeat or skip a job that was there before.
 *
 * <pre>{@code
 * JobPage page = jobs.search(filter, JobPageRequest.first(100));
 * while (page.next() != null) {
 *     page = jobs.search(filter, page.next());
 * }
 * }</pre>
 *
 * @param size how many jobs a page holds at most, 1..1,000
 * @param cursor where the page starts (the {@link JobPage#nextCursor()} of the previous page),
 *     or null for the first page; opaque to the caller
 * @since 0.2.0
 */
public record JobPageRequest(int size, @Nullable String cursor) {

    /** Most jobs one page holds. */
    public static final int MAX_SIZE = 1_000;

    private static final String PREFIX = "id:";

    /**
     * @throws InvalidJobInputException for a size outside 1..1,000 or a cursor that no page gave
     */
    public JobPageRequest {
        if (size < 1 || size > MAX_SIZE) {
            throw InvalidJobInputException.outOfRange("size", 1, MAX_SIZE, size);
        }
        if (cursor != null) {
            lastId(cursor);
        }
    }

    /** The first page, of at most {@code size} jobs. */
    public static JobPageRequest first(int size) {
        return new JobPageRequest(size, null);
    }

    /** The page of at most {@code size} jobs after the one that gave {@code cursor}. */
    public static JobPageRequest after(String cursor, int size) {
        return new JobPageRequest(size, cursor);
    }

    /** The id of the last job of the previous page, or null for the first page. */
    public @Nullable JobId lastId() {
        return cursor == null ? null : lastId(cursor);
    }

    /** The cursor of a page whose last job has this id. */
    static String cursorAfter(JobId id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + id.value()).getBytes(StandardCharsets.US_ASCII));
    }

    private static JobId lastId(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith(PREFIX)) {
                return JobId.parse(text.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // refused below, with the field named
        }
        throw new InvalidJobInputException(
                "cursor", "cursor must be the nextCursor of a page jobqueue returned but was '" + cursor + "'");
    }
}
