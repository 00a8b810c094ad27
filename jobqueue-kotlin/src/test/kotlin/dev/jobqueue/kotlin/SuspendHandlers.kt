package dev.jobqueue.kotlin

import dev.jobqueue.handler.JobContext
import dev.jobqueue.handler.JobHandler
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.Dispatchers

@JvmRecord data class Greeting(val name: String)

/** Suspend handlers that record what they saw, for [SuspendHandlerIntegrationTests]. */
class SuspendHandlers {

    val greeted = CopyOnWriteArrayList<String>()
    val greetedOn = CopyOnWriteArrayList<String>()
    val flakyAttempts = CopyOnWriteArrayList<Int>()
    val started = ConcurrentHashMap.newKeySet<String>()
    val cancelledRuns = ConcurrentHashMap<String, CancellationException>()
    val finishedSleeps = CopyOnWriteArrayList<String>()

    @JobHandler(id = 1, name = "greet")
    suspend fun greet(greeting: Greeting, context: JobContext) {
        greetedOn += Thread.currentThread().name
        delay(20.milliseconds)
        // A switch of dispatcher and back: the function really suspends.
        val text = withContext(Dispatchers.Default) { "Hello, ${greeting.name}" }
        greeted += "$text (attempt ${context.attempt()})"
    }

    @JobHandler(id = 2, name = "flaky")
    suspend fun flaky(context: JobContext) {
        flakyAttempts += context.attempt()
        delay(10.milliseconds)
        if (context.attempt() == 1) {
            throw IllegalStateException("first attempt fails")
        }
    }

    @JobHandler(id = 3, name = "sleepy")
    suspend fun sleepy(context: JobContext) {
        sleepUntilCancelled(context)
    }

    @JobHandler(id = 4, name = "slow")
    suspend fun slow(context: JobContext) {
        sleepUntilCancelled(context)
    }

    private suspend fun sleepUntilCancelled(context: JobContext) {
        started += context.id().value()
        try {
            delay(10.minutes)
            finishedSleeps += context.id().value()
        } catch (e: CancellationException) {
            cancelledRuns["${context.id().value()}#${context.attempt()}"] = e
            throw e
        }
    }
}
