package com.example.billing

import dev.jobqueue.worker.JobHandlerRegistry
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/** The example of docs/kotlin.md is a valid handler: registered with its payload, context and non-retryable exception. */
class InvoiceRemindersTests {

    @Test
    fun theDocumentedSuspendHandlerIsRegistered() {
        val mailer = object : Mailer {
            override suspend fun send(to: String, subject: String) {}
        }
        val registry = JobHandlerRegistry()

        assertThat(registry.registerHandlersOf(InvoiceReminders(mailer))).isEqualTo(1)

        val handler = registry.forName("invoice-reminder").orElseThrow()
        assertThat(handler.type().id()).isEqualTo(12)
        assertThat(handler.nonRetryable()).containsExactly(IllegalArgumentException::class.java)
    }
}
