package dev.jobqueue.dashboard;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;

/** What every dashboard page shows around its content: the base path and whether the user may act. */
@ControllerAdvice(basePackageClasses = DashboardModel.class)
class DashboardModel {

    private final DashboardPath path;
    private final DashboardAccess access;

    DashboardModel(DashboardPath path, DashboardAccess access) {
        this.path = path;
        this.access = access;
    }

    @ModelAttribute("base")
    String base() {
        return path.value();
    }

    @ModelAttribute("mayAct")
    boolean mayAct(HttpServletRequest request) {
        return access.mayAct(request);
    }

    /** Bad input (a malformed id, a number out of range): the page says which field and why, nothing is written. */
    @ExceptionHandler(InvalidJobInputException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String badInput(InvalidJobInputException e, HttpServletRequest request, Model model) {
        return problem(e.getMessage(), request, model);
    }

    @ExceptionHandler(JobNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(JobNotFoundException e, HttpServletRequest request, Model model) {
        return problem(e.getMessage(), request, model);
    }

    @ExceptionHandler(BatchesController.BatchNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String batchNotFound(BatchesController.BatchNotFoundException e, HttpServletRequest request, Model model) {
        return problem(e.getMessage(), request, model);
    }

    private String problem(@Nullable String message, HttpServletRequest request, Model model) {
        model.addAttribute("base", base());
        model.addAttribute("mayAct", mayAct(request));
        model.addAttribute("problem", message == null ? "Bad request" : message);
        return "jobqueue/problem";
    }
}
