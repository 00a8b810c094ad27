/**
 * The jobqueue dashboard: server-rendered pages (Thymeleaf and htmx) inside the application,
 * under {@code jobqueue.dashboard.path}, that show the queues and let an operator act on jobs
 * through the same {@link dev.jobqueue.scheduling.Jobs} API as everything else. Off unless
 * {@code jobqueue.dashboard.enabled=true}; only {@link dev.jobqueue.dashboard.DashboardProperties}
 * and the auto-configuration are API.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.jobqueue.dashboard;

import org.jspecify.annotations.NullMarked;
