package dev.jobqueue.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Describes a failure for logs, health details and stored failure reasons without the
 * credentials a JDBC URL, a driver message or a handler's exception message may carry
 * ({@code password=…}, {@code //user:secret@host}). Not API: public only so that the
 * auto-configuration and the workers share it.
 */
public final class Redaction {

    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|trustStorePassword|keyStorePassword)=[^&;,\\s)]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("//([^/@\\s:]+):[^/@\\s]*@");
    private static final int MAX_CAUSES = 5;

    private Redaction() {}

    /** The exception and its causes as "Type: message; caused by Type: message", redacted. */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable current = failure;
        for (int i = 0; current != null && i < MAX_CAUSES; i++) {
            if (i > 0) {
                text.append("; caused by ");
            }
            text.append(current.getClass().getSimpleName());
            if (current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return redact(text.toString());
    }

    public static String redact(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String masked = SECRET_PARAMETER.matcher(text).replaceAll("$1=******");
        return URL_USER_INFO.matcher(masked).replaceAll("//$1:******@");
    }

    /**
     * A copy of {@code failure} and its causes to log with their stack traces: each keeps its
     * stack trace, and its message is the original class name and the redacted message.
     */
    public static Throwable redactedCopy(Throwable failure) {
        return copy(failure, 0);
    }

    private static Throwable copy(Throwable failure, int depth) {
        RedactedFailure copy = new RedactedFailure(failure.getClass().getName()
                + (failure.getMessage() == null ? "" : ": " + redact(failure.getMessage())));
        copy.setStackTrace(failure.getStackTrace());
        Throwable cause = failure.getCause();
        if (cause != null && cause != failure && depth < MAX_CAUSES) {
            copy.initCause(copy(cause, depth + 1));
        }
        return copy;
    }

    /** Stands in for a failure whose message may hold secrets; its message names the original type. */
    static final class RedactedFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RedactedFailure(String message) {
            super(message);
        }
    }
}
