/** Not API: how the starter creates the scheduling beans. */
@NullMarked
package dev.jobqueue.scheduling.internal;

import org.jspecify.annotations.NullMarked;
