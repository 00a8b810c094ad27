package dev.jobqueue.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The guard of every action: a user who may not act gets 403, also without Spring Security (where
 * the dashboard is read-only unless explicitly allowed).
 */
@Component
class Operators {

    private final DashboardAccess access;

    Operators(DashboardAccess access) {
        this.access = access;
    }

    /** Who acts, for the record of a pause. */
    String require(HttpServletRequest request) {
        if (!access.mayAct(request)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "The jobqueue dashboard is read-only for you");
        }
        return access.who(request);
    }
}
