/**
 * Micrometer observations of scheduling ({@code jobqueue.schedule}) and of handler runs
 * ({@code jobqueue.run}): their contexts, and the conventions that name them and give their key
 * values. With Spring Boot's tracing, a run continues the trace its job was scheduled in, on any
 * node. See {@code docs/observability.md}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.jobqueue.observation;

import org.jspecify.annotations.NullMarked;
