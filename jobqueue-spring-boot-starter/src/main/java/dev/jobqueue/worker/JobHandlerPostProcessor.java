package dev.jobqueue.worker;

import dev.jobqueue.handler.JobHandler;
import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link JobHandler} methods on beans, through proxies, and registers them.
 *
 * @since 0.1.0
 */
public final class JobHandlerPostProcessor implements BeanPostProcessor {

    private final JobHandlerRegistry registry;

    public JobHandlerPostProcessor(JobHandlerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        Map<Method, JobHandler> handlers = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<JobHandler>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, JobHandler.class));
        handlers.forEach((method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            registry.register(new HandlerMethod(bean, invocable, annotation));
        });
        return bean;
    }
}
