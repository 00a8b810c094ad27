package dev.jobqueue.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the dashboard ({@code jobqueue.dashboard.*}).
 *
 * <pre>{@code
 * jobqueue:
 *   dashboard:
 *     enabled: true
 *     path: /jobqueue
 *     viewer-role: JOBQUEUE_VIEWER
 *     operator-role: JOBQUEUE_OPERATOR
 * }</pre>
 *
 * @since 0.2.0
 */
@ConfigurationProperties("jobqueue.dashboard")
public class DashboardProperties {

    /** Whether the dashboard is served. */
    private boolean enabled = false;

    /** Path the dashboard is mounted under, on the application's own port. */
    private String path = "/jobqueue";

    /** Role (without the ROLE_ prefix) that may see the dashboard when Spring Security is present. */
    private String viewerRole = "JOBQUEUE_VIEWER";

    /** Role (without the ROLE_ prefix) that may see the dashboard and act on jobs when Spring Security is present. */
    private String operatorRole = "JOBQUEUE_OPERATOR";

    /**
     * Whether anyone who reaches the dashboard may act on jobs when Spring Security is not on the
     * classpath; without it the dashboard is read-only.
     */
    private boolean allowActionsWithoutSecurity = false;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getViewerRole() {
        return viewerRole;
    }

    public void setViewerRole(String viewerRole) {
        this.viewerRole = viewerRole;
    }

    public String getOperatorRole() {
        return operatorRole;
    }

    public void setOperatorRole(String operatorRole) {
        this.operatorRole = operatorRole;
    }

    public boolean isAllowActionsWithoutSecurity() {
        return allowActionsWithoutSecurity;
    }

    public void setAllowActionsWithoutSecurity(boolean allowActionsWithoutSecurity) {
        this.allowActionsWithoutSecurity = allowActionsWithoutSecurity;
    }
}
