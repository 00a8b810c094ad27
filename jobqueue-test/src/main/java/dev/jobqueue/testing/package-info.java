/**
 * Test support for applications that use jobqueue: {@link dev.jobqueue.testing.JobQueueTest}
 * starts the application on a real database with its workers stopped,
 * {@link dev.jobqueue.testing.JobQueueTestRunner} runs the due jobs on the test's thread, and
 * {@link dev.jobqueue.testing.JobAssert} checks what became of a job.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.jobqueue.testing;

import org.jspecify.annotations.NullMarked;
