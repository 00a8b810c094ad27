package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.InvalidJobHandlerException;
import dev.jobqueue.handler.JobHandler;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The handlers found in the application context, one per job type and one per name.
 *
 * @since 0.1.0
 */
public final class JobHandlerRegistry {

    private final Map<Integer, HandlerMethod> byType = new TreeMap<>();
    private final Map<String, HandlerMethod> byName = new TreeMap<>();

    /**
     * Registers every {@link dev.jobqueue.handler.JobHandler} method of {@code handlers}: what the
     * starter does for each bean, for an application that starts the workers by plain Java.
     *
     * @return how many handler methods were registered
     * @throws dev.jobqueue.handler.InvalidJobHandlerException when a method is not a valid handler,
     *     or its type or name is taken; nothing of {@code handlers} is registered then
     * @since 0.2.0
     */
    public synchronized int registerHandlersOf(Object handlers) {
        Class<?> targetClass = AopUtils.getTargetClass(handlers);
        Map<Method, JobHandler> annotated =
                MethodIntrospector.selectMethods(targetClass, (MethodIntrospector.MetadataLookup<JobHandler>)
                        method -> AnnotatedElementUtils.findMergedAnnotation(method, JobHandler.class));
        List<HandlerMethod> found = new ArrayList<>();
        annotated.forEach((method, annotation) -> found.add(
                new HandlerMethod(handlers, AopUtils.selectInvocableMethod(method, handlers.getClass()), annotation)));
        Map<Integer, HandlerMethod> byTypeBefore = new TreeMap<>(byType);
        Map<String, HandlerMethod> byNameBefore = new TreeMap<>(byName);
        try {
            found.forEach(this::register);
        } catch (RuntimeException e) {
            byType.clear();
            byType.putAll(byTypeBefore);
            byName.clear();
            byName.putAll(byNameBefore);
            throw e;
        }
        return found.size();
    }

    synchronized void register(HandlerMethod handler) {
        HandlerMethod sameType = byType.get(handler.type().id());
        if (sameType != null) {
            throw new InvalidJobHandlerException(
                    "Two @JobHandler methods for job type " + handler.type().id() + ": " + sameType + " and " + handler
                            + "; each type needs exactly one handler");
        }
        HandlerMethod sameName = byName.get(handler.name());
        if (sameName != null) {
            throw new InvalidJobHandlerException("Two @JobHandler methods named " + handler.name() + ": " + sameName
                    + " and " + handler + "; names must be unique");
        }
        byType.put(handler.type().id(), handler);
        byName.put(handler.name(), handler);
    }

    public synchronized Optional<HandlerMethod> forType(JobType type) {
        return Optional.ofNullable(byType.get(type.id()));
    }

    public synchronized Optional<HandlerMethod> forName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public synchronized Collection<HandlerMethod> all() {
        return List.copyOf(byType.values());
    }
}
