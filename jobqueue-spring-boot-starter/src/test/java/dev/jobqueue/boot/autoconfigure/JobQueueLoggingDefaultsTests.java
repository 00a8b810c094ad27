package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.support.EnvironmentPostProcessorsFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class JobQueueLoggingDefaultsTests {

    @Test
    void isRegisteredForBootToApply() {
        assertThat(EnvironmentPostProcessorsFactory.fromSpringFactories(
                                getClass().getClassLoader())
                        .getEnvironmentPostProcessors(new DeferredLogs(), new DefaultBootstrapContext()))
                .hasAtLeastOneElementOfType(JobQueueLoggingDefaults.class);
    }

    @Test
    void quietsTheEmbeddedServerAndLiquibaseByDefault() {
        StandardEnvironment environment = new StandardEnvironment();

        new JobQueueLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.ch.vorburger")).isEqualTo("warn");
        assertThat(environment.getProperty("logging.level.liquibase")).isEqualTo("warn");
    }

    @Test
    void leavesEveryLevelTheApplicationSetsToTheApplication() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("defaultProperties", Map.of("logging.level.liquibase", "info")));

        new JobQueueLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.liquibase")).isEqualTo("info");
        assertThat(environment.getProperty("logging.level.ch.vorburger")).isEqualTo("warn");
    }
}
