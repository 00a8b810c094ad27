@NullMarked
package dev.jobqueue.boot.openinview;

import org.jspecify.annotations.NullMarked;
