/**
 * What applications write: {@link dev.jobqueue.handler.JobHandler} methods and the
 * {@link dev.jobqueue.handler.JobContext} they may take.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.handler;

import org.jspecify.annotations.NullMarked;
