package dev.jobqueue.worker;

import dev.jobqueue.handler.JobHandler;
import java.util.function.Supplier;
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

    private final Supplier<JobHandlerRegistry> registry;

    public JobHandlerPostProcessor(JobHandlerRegistry registry) {
        this.registry = () -> registry;
    }

    /**
     * A post-processor that looks the registry up only when it meets the first handler, so that
     * registering the post-processor creates no other bean early (which Spring would warn about).
     *
     * @since 0.2.0
     */
    public JobHandlerPostProcessor(Supplier<JobHandlerRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        boolean hasHandlers = !MethodIntrospector.selectMethods(
                        targetClass, (MethodIntrospector.MetadataLookup<JobHandler>)
                                method -> AnnotatedElementUtils.findMergedAnnotation(method, JobHandler.class))
                .isEmpty();
        if (hasHandlers) {
            // Looked up only now: most beans have no handler.
            registry.get().registerHandlersOf(bean);
        }
        return bean;
    }
}
