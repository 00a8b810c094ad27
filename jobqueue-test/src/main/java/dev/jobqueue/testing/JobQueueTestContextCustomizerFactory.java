package dev.jobqueue.testing;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Gives the application context of every {@link JobQueueTest} its database and its runner. */
final class JobQueueTestContextCustomizerFactory implements ContextCustomizerFactory {

    /** Boot's annotation, looked up by name: Testcontainers stays optional. */
    private static final String SERVICE_CONNECTION =
            "org.springframework.boot.testcontainers.service.connection.ServiceConnection";

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        if (!TestContextAnnotationUtils.hasAnnotation(testClass, JobQueueTest.class)) {
            return null;
        }
        return new JobQueueTestContextCustomizer(!declaresServiceConnection(testClass));
    }

    /** Whether the class, a superclass or an enclosing class has a {@code @ServiceConnection} field. */
    private static boolean declaresServiceConnection(Class<?> testClass) {
        for (Class<?> type = testClass; type != null && type != Object.class; type = type.getSuperclass()) {
            boolean declared = Arrays.stream(type.getDeclaredFields())
                    .flatMap(field -> Arrays.stream(field.getAnnotations()))
                    .anyMatch(
                            annotation -> annotation.annotationType().getName().equals(SERVICE_CONNECTION));
            if (declared || (type.getEnclosingClass() != null && declaresServiceConnection(type.getEnclosingClass()))) {
                return true;
            }
        }
        return false;
    }
}
