/**
 * Helpers shared by jobqueue's own packages. Not API: they may change in any release.
 */
@NullMarked
package dev.jobqueue.internal;

import org.jspecify.annotations.NullMarked;
