@NullMarked
package dev.jobqueue.samples.nojpa;

import org.jspecify.annotations.NullMarked;
