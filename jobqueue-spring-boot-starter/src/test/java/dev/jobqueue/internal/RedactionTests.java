package dev.jobqueue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RedactionTests {

    @Test
    void passwordsInUrlParametersAreMasked() {
        assertThat(Redaction.redact("jdbc:mysql://db:3306/app?user=app&password=hunter2&useSSL=true"))
                .isEqualTo("jdbc:mysql://db:3306/app?user=app&password=******&useSSL=true");
        assertThat(Redaction.redact("jdbc:mariadb://db/app?PWD=hunter2;trustStorePassword=x"))
                .isEqualTo("jdbc:mariadb://db/app?PWD=******;trustStorePassword=******");
    }

    @Test
    void passwordsInUserInfoAreMasked() {
        assertThat(Redaction.redact("No suitable driver for jdbc:mysql://app:hunter2@db:3306/app"))
                .isEqualTo("No suitable driver for jdbc:mysql://app:******@db:3306/app");
    }

    @Test
    void aFailureIsDescribedWithItsCausesAndWithoutSecrets() {
        Exception failure = new IllegalStateException(
                "Failed to obtain JDBC Connection",
                new SQLException("Cannot connect to jdbc:mysql://db/app?password=hunter2"));

        assertThat(Redaction.describe(failure))
                .isEqualTo("IllegalStateException: Failed to obtain JDBC Connection; "
                        + "caused by SQLException: Cannot connect to jdbc:mysql://db/app?password=******");
    }

    @Test
    void aRedactedCopyKeepsTheStackTracesAndTypesButNotTheSecrets() {
        Exception failure = new IllegalStateException(
                "SMTP login failed for smtp://mailer:hunter2@mail.example.com",
                new java.io.IOException("token=abc123 refused"));

        Throwable copy = Redaction.redactedCopy(failure);

        assertThat(copy.getMessage())
                .isEqualTo(
                        "java.lang.IllegalStateException: SMTP login failed for smtp://mailer:******@mail.example.com");
        assertThat(copy.getStackTrace()).isEqualTo(failure.getStackTrace());
        assertThat(copy.getCause()).hasMessage("java.io.IOException: token=****** refused");
        assertThat(copy.getCause().getStackTrace()).isEqualTo(failure.getCause().getStackTrace());
    }
}
