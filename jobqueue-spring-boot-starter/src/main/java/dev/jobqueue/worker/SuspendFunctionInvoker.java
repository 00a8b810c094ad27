package dev.jobqueue.worker;

import dev.jobqueue.handler.JobContext;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * Calls a {@link dev.jobqueue.handler.JobHandler} method that is a Kotlin {@code suspend}
 * function. The starter has no Kotlin dependency: it recognises such a method by its last
 * parameter, a {@code kotlin.coroutines.Continuation}, and finds the one implementation of this
 * interface with {@link java.util.ServiceLoader}; the module {@code jobqueue-kotlin} supplies it.
 *
 * @since 0.2.0
 */
public interface SuspendFunctionInvoker {

    /**
     * Runs {@code method} on {@code bean} with {@code arguments} (the continuation not among them)
     * on the calling thread, and returns when it completes. An interrupt of the calling thread (a
     * timeout, or a cancel after its grace) and a cancel of the job ({@link JobContext#isCancelled()})
     * cancel the coroutine.
     *
     * @return what the function returned
     * @throws Throwable what the function threw, as is; {@link InterruptedException} when the
     *     calling thread was interrupted
     */
    @Nullable
    Object invoke(Object bean, Method method, @Nullable Object[] arguments, JobContext context) throws Throwable;
}
