/**
 * Spring Boot auto-configuration of jobqueue: the queue, the schema, the workers, the
 * embedded database, metrics and health.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
