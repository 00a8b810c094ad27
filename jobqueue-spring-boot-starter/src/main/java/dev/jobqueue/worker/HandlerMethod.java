package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.InvalidJobHandlerException;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@link JobHandler} method, checked once at startup, and how to call it.
 *
 * @since 0.1.0
 */
public final class HandlerMethod {

    private final Object bean;
    private final Method method;
    private final JobType type;
    private final String name;
    private final @Nullable Type payloadType;
    private final boolean payloadOptional;
    private final boolean takesContext;
    private final List<Class<? extends Throwable>> nonRetryable;
    private final @Nullable SuspendFunctionInvoker suspending;

    HandlerMethod(Object bean, Method method, JobHandler annotation) {
        this.bean = bean;
        this.method = method;
        this.name = annotation.name();
        this.nonRetryable = List.of(annotation.nonRetryable());
        if (annotation.id() < 0 || annotation.id() > 255) {
            throw new InvalidJobHandlerException("@JobHandler(id = " + annotation.id() + ") on " + describe(method)
                    + ": id must be between 0 and 255 (the job_type column is a TINYINT UNSIGNED)");
        }
        if (name.isBlank()) {
            throw new InvalidJobHandlerException("@JobHandler on " + describe(method) + " needs a name");
        }
        this.type = JobType.of(annotation.id());
        // A Kotlin suspend function ends with the continuation the compiler adds; the rest is the signature.
        this.suspending = SuspendFunctions.isSuspending(method) ? SuspendFunctions.invokerFor(method, name) : null;
        Class<?>[] parameters = withoutContinuation(method.getParameterTypes());
        Type[] generic = withoutContinuation(method.getGenericParameterTypes());
        boolean contextLast = parameters.length > 0 && parameters[parameters.length - 1] == JobContext.class;
        int payloadCount = parameters.length - (contextLast ? 1 : 0);
        if (payloadCount > 1 || (payloadCount == 1 && parameters[0] == JobContext.class)) {
            throw new InvalidJobHandlerException("@JobHandler " + name + " on " + describe(method)
                    + " has an unsupported signature: use (Payload), (Payload, JobContext), (JobContext) or ()");
        }
        this.takesContext = contextLast;
        this.payloadType = payloadCount == 1 ? generic[0] : null;
        this.payloadOptional = payloadCount == 1
                && (parameters[0] == String.class
                        || method.getAnnotatedParameterTypes()[0].isAnnotationPresent(Nullable.class));
        ReflectionUtils.makeAccessible(method);
    }

    private <T> T[] withoutContinuation(T[] parameters) {
        return suspending == null ? parameters : Arrays.copyOf(parameters, parameters.length - 1);
    }

    public JobType type() {
        return type;
    }

    public String name() {
        return name;
    }

    /** Exception types the annotation declares non-retryable. */
    public List<Class<? extends Throwable>> nonRetryable() {
        return nonRetryable;
    }

    /**
     * Converts the payload and calls the method; the method's own exception is rethrown as is.
     *
     * @throws UnbindablePayloadException when the payload cannot be bound; the method is not called
     */
    void invoke(@Nullable String properties, JobContext context, JsonMapper json) throws Throwable {
        @Nullable Object[] args = new Object[(payloadType == null ? 0 : 1) + (takesContext ? 1 : 0)];
        Type type = payloadType;
        if (type != null) {
            args[0] = convert(type, properties, json);
        }
        if (takesContext) {
            args[args.length - 1] = context;
        }
        SuspendFunctionInvoker coroutines = suspending;
        if (coroutines != null) {
            coroutines.invoke(bean, method, args, context);
            return;
        }
        try {
            method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }

    private @Nullable Object convert(Type payloadType, @Nullable String properties, JsonMapper json) {
        if (payloadType == String.class) {
            return properties;
        }
        if (properties == null || properties.isBlank()) {
            if (payloadOptional) {
                return null;
            }
            throw new UnbindablePayloadException("The job has no payload but " + name + " takes a "
                    + payloadType.getTypeName() + " (annotate the parameter @Nullable to accept none)");
        }
        JavaType javaType = json.getTypeFactory().constructType(payloadType);
        try {
            Object payload = json.readValue(properties, javaType);
            if (payload == null && !payloadOptional) {
                throw new UnbindablePayloadException(
                        "The job's payload is null but " + name + " takes a " + payloadType.getTypeName());
            }
            return payload;
        } catch (JacksonException e) {
            // why: no cause, its message would repeat this one; the path says where binding failed
            String at = e.getPath().isEmpty() ? "" : " (at " + e.getPathReference() + ")";
            throw new UnbindablePayloadException("The job's payload cannot be bound to " + payloadType.getTypeName()
                    + ", the parameter of " + name + ": " + e.getOriginalMessage() + at);
        }
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    @Override
    public String toString() {
        return name + " (type " + type + ") " + describe(method);
    }
}
