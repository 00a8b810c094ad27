/**
 * Real databases for tests: {@link dev.jobqueue.test.TestDatabase} picks the server, and
 * {@link dev.jobqueue.test.TestDatabaseExtension} gives each test class a schema of its own.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.test;

import org.jspecify.annotations.NullMarked;
