package dev.jobqueue.boot.autoconfigure;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Turns Spring Boot's own Liquibase migration off for an application that has no changelog of its
 * own.
 *
 * <p>The starter brings {@code liquibase-core} for the queue's tables, which it migrates itself.
 * Boot's Liquibase auto-configuration sees the library and, with no {@code spring.liquibase.*}
 * settings, looks for {@code db/changelog/db.changelog-master.yaml}; without it the start fails.
 * An application that has that file, or sets {@code spring.liquibase.change-log} or
 * {@code spring.liquibase.enabled}, keeps Boot's behaviour.
 */
final class BootLiquibaseDefault {

    static final String ENABLED = "spring.liquibase.enabled";
    static final String CHANGE_LOG = "spring.liquibase.change-log";
    static final String BOOT_DEFAULT_CHANGE_LOG = "classpath:/db/changelog/db.changelog-master.yaml";

    private BootLiquibaseDefault() {}

    /** The default to add, or an empty map when the application keeps Boot's. */
    static Map<String, Object> forApplication(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(ENABLED) || environment.containsProperty(CHANGE_LOG)) {
            return Map.of();
        }
        ResourceLoader resources = application.getResourceLoader() != null
                ? application.getResourceLoader()
                : new DefaultResourceLoader(application.getClassLoader());
        if (resources.getResource(BOOT_DEFAULT_CHANGE_LOG).exists()) {
            return Map.of();
        }
        return Map.of(ENABLED, "false");
    }
}
