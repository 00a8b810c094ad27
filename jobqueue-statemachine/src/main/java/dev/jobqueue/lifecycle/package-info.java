/**
 * The job lifecycle: which {@link dev.jobqueue.lifecycle.JobEvent events} move a job from one
 * {@code (state, sub_state)} to the next, and what the persistence layer must do on the way.
 * {@link dev.jobqueue.lifecycle.JobLifecycle} answers every change from an immutable table
 * compiled once from a Spring Statemachine model; applications add their own sub-states with a
 * {@link dev.jobqueue.lifecycle.JobLifecycleCustomizer}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.lifecycle;

import org.jspecify.annotations.NullMarked;
