/**
 * Recurring jobs: schedules declared with {@link dev.jobqueue.recurring.Recurring}, in YAML
 * ({@code jobqueue.recurring.<name>.*}) or at run time through {@link dev.jobqueue.recurring.RecurringJobs}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.jobqueue.recurring;

import org.jspecify.annotations.NullMarked;
