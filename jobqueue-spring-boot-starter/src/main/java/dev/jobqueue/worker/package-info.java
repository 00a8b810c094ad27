/**
 * Workers: per job type a bounded executor and a poller per served tenant, with batched
 * completions, heartbeats, lease recovery and graceful shutdown. No Spring Boot types.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.worker;

import org.jspecify.annotations.NullMarked;
