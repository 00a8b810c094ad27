package kotlin.coroutines;

/**
 * Stands in for Kotlin's continuation, which the starter's test class path does not have: the
 * starter recognises a {@code suspend} function by this name alone
 * ({@code dev.jobqueue.worker.SuspendFunctionsTests}).
 */
public interface Continuation<T> {}
