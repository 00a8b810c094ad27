package com.example.billing

import dev.jobqueue.handler.JobContext
import dev.jobqueue.handler.JobHandler
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component

@JvmRecord
data class InvoiceReminder(val invoiceId: String, val email: String)

interface Mailer {
    suspend fun send(to: String, subject: String)
}

@Component
class InvoiceReminders(private val mailer: Mailer) {

    @JobHandler(id = 12, name = "invoice-reminder", nonRetryable = [IllegalArgumentException::class])
    suspend fun remind(reminder: InvoiceReminder, context: JobContext) {
        require("@" in reminder.email) { "not an address: ${reminder.email}" } // fails for good
        mailer.send(reminder.email, "Invoice ${reminder.invoiceId} is due") // suspends, no thread held
        LOGGER.info("Reminder for {} sent on attempt {}", reminder.invoiceId, context.attempt())
    }

    private companion object {
        val LOGGER = LoggerFactory.getLogger(InvoiceReminders::class.java)
    }
}
