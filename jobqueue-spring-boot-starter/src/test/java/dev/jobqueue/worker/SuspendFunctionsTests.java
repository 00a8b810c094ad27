package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.handler.InvalidJobHandlerException;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import kotlin.coroutines.Continuation;
import org.junit.jupiter.api.Test;

/**
 * The starter, which has no Kotlin dependency, recognises a Kotlin suspend function by its last
 * parameter and refuses it without the module that runs it (here: no {@code jobqueue-kotlin} on
 * the class path; the module's own tests run such handlers).
 */
class SuspendFunctionsTests {

    /** What the Kotlin compiler makes of {@code suspend fun greet(name: String, context: JobContext)}. */
    static final class CompiledSuspendHandler {

        @JobHandler(id = 1, name = "greet")
        public Object greet(String name, JobContext context, Continuation<? super Object> continuation) {
            return name;
        }
    }

    @Test
    void aSuspendFunctionIsRecognisedByItsContinuationAndRefusedWithoutTheKotlinModule() throws Exception {
        assertThat(SuspendFunctions.isSuspending(CompiledSuspendHandler.class.getMethod(
                        "greet", String.class, JobContext.class, Continuation.class)))
                .isTrue();
        assertThat(SuspendFunctions.isSuspending(Object.class.getMethod("equals", Object.class)))
                .isFalse();

        JobHandlerRegistry registry = new JobHandlerRegistry();
        assertThatExceptionOfType(InvalidJobHandlerException.class)
                .isThrownBy(() -> registry.registerHandlersOf(new CompiledSuspendHandler()))
                .withMessageContaining("is a Kotlin suspend function")
                .withMessageContaining("add dev.jobqueue:jobqueue-kotlin");
        assertThat(registry.all()).isEmpty();
    }
}
