package dev.jobqueue.kotlin

import dev.jobqueue.domain.JobDetails
import dev.jobqueue.domain.JobId
import dev.jobqueue.domain.JobState
import dev.jobqueue.domain.JobType
import dev.jobqueue.domain.NewJob
import dev.jobqueue.domain.TableName
import dev.jobqueue.domain.Tenant
import dev.jobqueue.persistence.internal.JobQueue
import dev.jobqueue.persistence.internal.JobQueueSchema
import dev.jobqueue.persistence.internal.JobQueueSettings
import dev.jobqueue.persistence.internal.RetryPolicy
import dev.jobqueue.test.TestDatabaseExtension
import dev.jobqueue.test.TestSchema
import dev.jobqueue.worker.JobHandlerRegistry
import dev.jobqueue.worker.JobQueueObserver
import dev.jobqueue.worker.JobWorkers
import dev.jobqueue.worker.LocalWakeups
import dev.jobqueue.worker.TypeSettings
import dev.jobqueue.worker.WorkerSettings
import java.time.Clock
import java.time.Duration
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import tools.jackson.databind.json.JsonMapper

/** Kotlin suspend functions as handlers, run by the real workers on the real database. */
@ExtendWith(TestDatabaseExtension::class)
class SuspendHandlerIntegrationTests {

    private val handlers = SuspendHandlers()
    private lateinit var queue: JobQueue
    private lateinit var workers: JobWorkers

    @BeforeEach
    fun startWorkers(schema: TestSchema) {
        val table = TableName.of("kotlin_suspend")
        JobQueueSchema.migrate(schema.dataSource(), table)
        queue = JobQueue.create(schema.dataSource(), JobQueueSettings(table, 2, 10, Clock.systemUTC()))
        val registry = JobHandlerRegistry()
        assertThat(registry.registerHandlersOf(handlers)).isEqualTo(4)
        val retrySoon = RetryPolicy.fixedDelay(Duration.ofMillis(100))
        val lease = Duration.ofMillis(1500)
        workers = JobWorkers(
            queue,
            registry,
            { handler ->
                when (handler.name()) {
                    // Timed out after 600 ms; a cancel interrupts at once.
                    "slow" -> TypeSettings(2, 10, lease, retrySoon, listOf(), Duration.ofMillis(600), 5, Duration.ZERO)
                    // No grace either: the coroutine must end by the cancel flag, before any interrupt would.
                    "sleepy" -> TypeSettings(2, 10, lease, retrySoon, listOf(), null, 5, Duration.ofMinutes(5))
                    else -> TypeSettings(2, 10, lease, retrySoon, listOf())
                }
            },
            listOf(Tenant.DEFAULT),
            WorkerSettings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5), false),
            JsonMapper.builder().build(),
            JobQueueObserver.NONE,
            LocalWakeups(),
        )
        workers.start()
    }

    @AfterEach
    fun stopWorkers() {
        workers.stop()
    }

    @Test
    fun aSuspendHandlerRunsItsJobToDone() {
        val id = queue.schedule(NewJob.of(JobType.of(1)).properties(Greeting("world")))

        awaitRows(id) { it.single().state() == JobState.DONE }

        assertThat(rows(id).map { it.subState() }).containsExactly(30)
        assertThat(handlers.greeted).containsExactly("Hello, world (attempt 1)")
        // runBlocking keeps the function on the handler's thread, not a dispatcher's.
        assertThat(handlers.greetedOn.single()).doesNotContain("DefaultDispatcher")
    }

    @Test
    fun aSuspendHandlerThatThrowsIsRetried() {
        val id = queue.schedule(NewJob.of(JobType.of(2)))

        awaitRows(id) { it.size == 2 && it.last().state() == JobState.DONE }

        // 44: failed with a retry scheduled; 30: the retry succeeded.
        assertThat(rows(id).map { it.subState() }).containsExactly(44, 30)
        assertThat(handlers.flakyAttempts).containsExactly(1, 2)
    }

    @Test
    fun cancellingARunningJobCancelsItsCoroutine() {
        val id = queue.schedule(NewJob.of(JobType.of(3)))
        await().atMost(Duration.ofSeconds(20)).until { id.value() in handlers.started }

        assertThat(queue.cancel(id).applied()).isTrue()

        // The heartbeat (every 500 ms) tells the node; the cancel grace of 5 minutes never ends.
        await().atMost(Duration.ofSeconds(5)).until { handlers.cancelledRuns.containsKey("${id.value()}#1") }
        assertThat(handlers.cancelledRuns.getValue("${id.value()}#1")).hasMessageContaining("was cancelled")
        assertThat(handlers.finishedSleeps).isEmpty()
        awaitRows(id) { it.single().state() == JobState.FAILED }
        assertThat(rows(id).map { it.subState() }).containsExactly(49)
    }

    @Test
    fun aTimedOutSuspendHandlerIsCancelledAndRetriedPerThePolicy() {
        val id = queue.schedule(NewJob.of(JobType.of(4)))

        awaitRows(id) { it.size == 2 && it.last().state() == JobState.FAILED }

        // 41: timed out with a retry left; 43: timed out again with none left.
        assertThat(rows(id).map { it.subState() }).containsExactly(41, 43)
        await().atMost(Duration.ofSeconds(5)).until { handlers.cancelledRuns.size == 2 }
        // Each row of the retry group is one run, its coroutine cancelled by the timeout's interrupt.
        assertThat(handlers.cancelledRuns.keys)
            .containsExactlyInAnyOrderElementsOf(rows(id).map { "${it.id().value()}#${it.attempt()}" })
        assertThat(handlers.finishedSleeps).isEmpty()
    }

    private fun rows(id: JobId): List<JobDetails> =
        queue.findByRetryGroup(queue.details(id).orElseThrow().retryGroup()!!)

    private fun awaitRows(id: JobId, done: (List<JobDetails>) -> Boolean) {
        await().atMost(Duration.ofSeconds(30)).until { done(rows(id)) }
    }
}
