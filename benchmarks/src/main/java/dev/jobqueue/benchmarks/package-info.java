/**
 * The benchmark of issue 7: the full starter against a plain JDBC baseline on the same
 * tables, in one run. Not an API.
 */
@NullMarked
package dev.jobqueue.benchmarks;

import org.jspecify.annotations.NullMarked;
