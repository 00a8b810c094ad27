package dev.jobqueue.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/** Whether the user of a request may act on jobs, and who they are (shown with a pause). */
interface DashboardAccess {

    boolean mayAct(HttpServletRequest request);

    default String who(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal == null ? "dashboard" : "dashboard:" + principal.getName();
    }

    /** With Spring Security: users in the operator role. */
    static DashboardAccess roles(String operatorRole) {
        return request -> request.isUserInRole(operatorRole);
    }

    static DashboardAccess everyone() {
        return request -> true;
    }

    static DashboardAccess readOnly() {
        return request -> false;
    }
}
