/**
 * The machinery behind recurring jobs: not API.
 */
@NullMarked
package dev.jobqueue.recurring.internal;

import org.jspecify.annotations.NullMarked;
