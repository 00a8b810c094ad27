package dev.jobqueue.dashboard;

import dev.jobqueue.boot.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.scheduling.QueueOverview;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Serves the dashboard under {@code jobqueue.dashboard.path} when
 * {@code jobqueue.dashboard.enabled=true} in a servlet web application with the {@link Jobs}
 * bean. With Spring Security on the classpath, its own filter chain lets the viewer role read and
 * the operator role act (every action a POST with a CSRF token), with a login form of its own and
 * HTTP Basic. Without Spring Security it is read-only unless
 * {@code jobqueue.dashboard.allow-actions-without-security=true}, and says so loudly at startup.
 *
 * @since 0.2.0
 */
@AutoConfiguration(
        after = JobQueueAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "jobqueue.dashboard.enabled")
@ConditionalOnBean({Jobs.class, QueueOverview.class})
@EnableConfigurationProperties(DashboardProperties.class)
@Import({
    DashboardModel.class,
    DashboardAssets.class,
    Payloads.class,
    Operators.class,
    OverviewController.class,
    JobsController.class,
    JobActionsController.class,
    BulkActionsController.class,
    QueuePausesController.class,
    NodesController.class,
    BatchesController.class,
    PartitionsController.class,
    RecurringController.class,
    DashboardSecurity.class,
    UnsecuredDashboard.class
})
public final class JobQueueDashboardAutoConfiguration {

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    @Bean
    DashboardPath jobqueueDashboardPath(DashboardProperties properties) {
        String path = properties.getPath();
        if (!PATH.matcher(path).matches()) {
            throw new IllegalStateException("jobqueue.dashboard.path must start with '/', not end with '/' and hold"
                    + " only letters, digits and . _ ~ - between slashes, but was '" + path + "'");
        }
        return new DashboardPath(path);
    }
}
