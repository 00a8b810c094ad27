package dev.jobqueue.domain;

import org.jspecify.annotations.Nullable;

/**
 * New values for a job's properties and user fields, as the seed's "update job data": every
 * field is written, a null clears it.
 *
 * @param properties a JSON object as text, a {@code Map}, or any object Jackson writes as one
 * @since 0.1.0
 */
public record JobDataUpdate(@Nullable Object properties, UserFields userFields) {}
