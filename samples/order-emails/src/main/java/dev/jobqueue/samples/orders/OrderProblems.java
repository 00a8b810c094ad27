package dev.jobqueue.samples.orders;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.lifecycle.IllegalTransitionException;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Answers refused input with an RFC 9457 problem detail that says what was wrong and, where
 * there is one, names the field. Spring's own errors (wrong content type, an id that is not a
 * number) get theirs from {@link ResponseEntityExceptionHandler}.
 */
@RestControllerAdvice
class OrderProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler(OrderService.InvalidOrderException.class)
    ProblemDetail invalidOrder(OrderService.InvalidOrderException e) {
        return badRequest(e.getMessage(), e.field());
    }

    @ExceptionHandler(InvalidJobInputException.class)
    ProblemDetail invalidJobInput(InvalidJobInputException e) {
        return badRequest(e.getMessage(), e.field());
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail notNow(IllegalTransitionException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The body must be a JSON object");
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."));
            problem = badRequest(field + " must be " + expected(mismatch.getTargetType()), field);
        } else if (cause instanceof JacksonException json) {
            problem.setDetail("The body must be a JSON object: " + json.getOriginalMessage());
        }
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    private static ProblemDetail badRequest(String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("field", field);
        return problem;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return type == String.class ? "a string" : "a " + type.getSimpleName();
    }
}
