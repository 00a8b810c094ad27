package dev.jobqueue.worker;

import dev.jobqueue.handler.InvalidJobHandlerException;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.ServiceLoader;

/** Recognises Kotlin {@code suspend} functions by reflection only and finds the bridge that calls them. */
final class SuspendFunctions {

    private static final String CONTINUATION = "kotlin.coroutines.Continuation";

    private SuspendFunctions() {}

    /** Whether {@code method} is a {@code suspend} function: its last parameter is the continuation the compiler adds. */
    static boolean isSuspending(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        return parameters.length > 0
                && parameters[parameters.length - 1].getName().equals(CONTINUATION);
    }

    /**
     * The bridge of {@code jobqueue-kotlin}, looked up with the class loader of the handler's class.
     *
     * @throws InvalidJobHandlerException when the module is not on the class path
     */
    static SuspendFunctionInvoker invokerFor(Method method, String handlerName) {
        Iterator<SuspendFunctionInvoker> found = ServiceLoader.load(
                        SuspendFunctionInvoker.class, method.getDeclaringClass().getClassLoader())
                .iterator();
        if (!found.hasNext()) {
            throw new InvalidJobHandlerException("@JobHandler " + handlerName + " on " + HandlerMethod.describe(method)
                    + " is a Kotlin suspend function: add dev.jobqueue:jobqueue-kotlin to the class path to run it");
        }
        return found.next();
    }
}
