/**
 * The vocabulary of the jobs tables: ids, tenants, job types, state codes and the JPA
 * entities that map {@code jobs} and {@code jobs_data}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.domain;

import org.jspecify.annotations.NullMarked;
