package dev.jobqueue.boot.autoconfigure;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Describes a failure for logs and health details without the credentials a JDBC URL or a
 * driver message may carry ({@code password=…}, {@code //user:secret@host}). Stack traces are
 * left out on purpose: their messages are where such URLs show up.
 */
final class Redaction {

    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|trustStorePassword|keyStorePassword)=[^&;,\\s)]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("//([^/@\\s:]+):[^/@\\s]*@");
    private static final int MAX_CAUSES = 5;

    private Redaction() {
    }

    /** The exception and its causes as "Type: message; caused by Type: message", redacted. */
    static String describe(Throwable failure) {
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

    static String redact(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String masked = SECRET_PARAMETER.matcher(text).replaceAll("$1=******");
        return URL_USER_INFO.matcher(masked).replaceAll("//$1:******@");
    }
}
