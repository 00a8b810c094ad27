package dev.jobqueue.recurring.internal;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.InvalidJobHandlerException;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.recurring.Recurring;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** Finds {@link Recurring} on {@link JobHandler} methods, through proxies, and keeps them for the startup sync. */
public final class RecurringAnnotations implements BeanPostProcessor {

    /** A {@code @Recurring} of a handler. */
    public record Found(String handlerName, JobType type, Recurring recurring) {}

    private final List<Found> found = new ArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        Map<Method, Recurring> methods =
                MethodIntrospector.selectMethods(targetClass, (MethodIntrospector.MetadataLookup<Recurring>)
                        method -> AnnotatedElementUtils.findMergedAnnotation(method, Recurring.class));
        methods.forEach((method, recurring) -> {
            JobHandler handler = AnnotatedElementUtils.findMergedAnnotation(method, JobHandler.class);
            if (handler == null) {
                throw new InvalidJobHandlerException("@Recurring on " + method + " needs @JobHandler on the same"
                        + " method: the schedule runs that handler's job type");
            }
            add(new Found(handler.name(), JobType.of(handler.id()), recurring));
        });
        return bean;
    }

    private synchronized void add(Found recurring) {
        found.add(recurring);
    }

    public synchronized List<Found> all() {
        return List.copyOf(found);
    }
}
