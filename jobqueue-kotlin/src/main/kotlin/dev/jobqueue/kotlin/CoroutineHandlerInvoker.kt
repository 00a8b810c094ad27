package dev.jobqueue.kotlin

import dev.jobqueue.handler.JobContext
import dev.jobqueue.worker.SuspendFunctionInvoker
import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Method
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * Runs a `suspend` [dev.jobqueue.handler.JobHandler] in [runBlocking] on the handler's own thread
 * (a platform or a virtual thread), so that its thread-bound state (the logging MDC, the current
 * observation) is there as for a Java handler until the function switches dispatchers.
 *
 * The coroutine is cancelled when the job is cancelled: as soon as [JobContext.isCancelled] says so
 * (the node learns it at its next heartbeat), and when the thread is interrupted (a timeout, or the
 * end of a cancel's grace), which [runBlocking] turns into a cancellation and an
 * [InterruptedException].
 *
 * Found by the starter with [java.util.ServiceLoader]; an application does not use it directly.
 *
 * @since 0.2.0
 */
public class CoroutineHandlerInvoker : SuspendFunctionInvoker {

    override fun invoke(bean: Any, method: Method, arguments: Array<Any?>, context: JobContext): Any? =
        runBlocking {
            val handler = async { call(bean, method, arguments) }
            val cancelWatch = launch {
                while (!context.isCancelled) {
                    delay(CANCEL_CHECK)
                }
                handler.cancel(CancellationException("job ${context.id()} was cancelled"))
            }
            try {
                handler.await()
            } finally {
                cancelWatch.cancel()
            }
        }

    private suspend fun call(bean: Any, method: Method, arguments: Array<Any?>): Any? =
        suspendCoroutineUninterceptedOrReturn { continuation ->
            try {
                method.invoke(bean, *arguments, continuation)
            } catch (e: InvocationTargetException) {
                throw e.targetException
            }
        }

    private companion object {
        /** How often the cancel flag is read: a volatile field, set by the node's heartbeat. */
        val CANCEL_CHECK = 50.milliseconds
    }
}
