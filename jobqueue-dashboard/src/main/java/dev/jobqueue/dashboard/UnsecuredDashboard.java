package dev.jobqueue.dashboard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** No Spring Security on the classpath: read-only unless explicitly allowed, and a loud WARN either way. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
class UnsecuredDashboard {

    private static final Logger LOGGER = LoggerFactory.getLogger(JobQueueDashboardAutoConfiguration.class);

    @Bean
    DashboardAccess jobqueueDashboardAccess(DashboardProperties properties) {
        if (properties.isAllowActionsWithoutSecurity()) {
            LOGGER.warn(
                    "!!! The jobqueue dashboard at {} has NO access control: Spring Security is not on the"
                            + " classpath and jobqueue.dashboard.allow-actions-without-security=true, so ANYONE who reaches"
                            + " this port can see every job and cancel, retry or pause it. Add Spring Security. !!!",
                    properties.getPath());
            return DashboardAccess.everyone();
        }
        LOGGER.warn(
                "!!! The jobqueue dashboard at {} has NO access control: Spring Security is not on the classpath,"
                        + " so ANYONE who reaches this port can see every job. It is read-only; add Spring Security for a"
                        + " viewer and an operator role. !!!",
                properties.getPath());
        return DashboardAccess.readOnly();
    }
}
