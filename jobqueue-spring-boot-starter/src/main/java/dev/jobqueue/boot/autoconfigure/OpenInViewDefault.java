package dev.jobqueue.boot.autoconfigure;

import jakarta.persistence.Entity;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Turns Open Session in View off for a servlet application that has no JPA entities of its own.
 *
 * <p>The starter brings JPA for the queue's own entities. Without this, such an application
 * would get Boot's {@code OpenEntityManagerInViewInterceptor}, which opens an entity manager for
 * every web request, and Boot's start-up WARN that {@code spring.jpa.open-in-view} is enabled by
 * default, for a feature it never asked for. An application with entities in the main class's
 * package keeps Boot's default (and its warning), since its views may lazy-load them; one that
 * sets {@code spring.jpa.open-in-view} itself always keeps its value.
 */
final class OpenInViewDefault {

    static final String PROPERTY = "spring.jpa.open-in-view";

    private OpenInViewDefault() {}

    /** The default to add, or an empty map when the application keeps Boot's. */
    static Map<String, Object> forApplication(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(PROPERTY)
                || application.getWebApplicationType() != WebApplicationType.SERVLET
                || hasEntitiesOfItsOwn(environment, application.getMainApplicationClass())) {
            return Map.of();
        }
        return Map.of(PROPERTY, "false");
    }

    /** True when unsure: no main class means no package to look in. */
    private static boolean hasEntitiesOfItsOwn(ConfigurableEnvironment environment, @Nullable Class<?> mainClass) {
        if (mainClass == null || mainClass.getPackageName().isEmpty()) {
            return true;
        }
        ClassPathScanningCandidateComponentProvider scanner =
                new ClassPathScanningCandidateComponentProvider(false, environment);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Entity.class));
        return !scanner.findCandidateComponents(mainClass.getPackageName()).isEmpty();
    }
}
