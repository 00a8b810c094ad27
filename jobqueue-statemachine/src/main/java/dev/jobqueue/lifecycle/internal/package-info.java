/**
 * Not API: the Spring Statemachine model of the lifecycle and the compiler that turns it into
 * the transition table. Only this package imports {@code org.springframework.statemachine}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.lifecycle.internal;

import org.jspecify.annotations.NullMarked;
