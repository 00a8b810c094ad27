package dev.jobqueue.domain;

import org.jspecify.annotations.Nullable;

/**
 * The four user-defined fields of {@code jobs_data}, free for applications to search by.
 *
 * @since 0.1.0
 */
public record UserFields(
        @Nullable String string1,
        @Nullable String string2,
        @Nullable Integer int1,
        @Nullable Integer int2) {

    /** No user field set. */
    public static final UserFields NONE = new UserFields(null, null, null, null);

    public UserFields withString1(@Nullable String value) {
        return new UserFields(value, string2, int1, int2);
    }

    public UserFields withString2(@Nullable String value) {
        return new UserFields(string1, value, int1, int2);
    }

    public UserFields withInt1(@Nullable Integer value) {
        return new UserFields(string1, string2, value, int2);
    }

    public UserFields withInt2(@Nullable Integer value) {
        return new UserFields(string1, string2, int1, value);
    }
}
