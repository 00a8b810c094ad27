package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.boot.openinview.ApplicationWithoutEntities;
import dev.jobqueue.domain.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.support.EnvironmentPostProcessorsFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class JobQueueEnvironmentDefaultsTests {

    @Test
    void isRegisteredForBootToApply() {
        assertThat(EnvironmentPostProcessorsFactory.fromSpringFactories(
                                getClass().getClassLoader())
                        .getEnvironmentPostProcessors(new DeferredLogs(), new DefaultBootstrapContext()))
                .hasAtLeastOneElementOfType(JobQueueEnvironmentDefaults.class);
    }

    @Test
    void quietsTheEmbeddedServerAndLiquibaseByDefault() {
        StandardEnvironment environment = new StandardEnvironment();

        new JobQueueEnvironmentDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.ch.vorburger")).isEqualTo("warn");
        assertThat(environment.getProperty("logging.level.liquibase")).isEqualTo("warn");
    }

    @Test
    void leavesEveryLevelTheApplicationSetsToTheApplication() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("defaultProperties", Map.of("logging.level.liquibase", "info")));

        new JobQueueEnvironmentDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.level.liquibase")).isEqualTo("info");
        assertThat(environment.getProperty("logging.level.ch.vorburger")).isEqualTo("warn");
    }

    @Test
    void turnsOpenSessionInViewOffForAWebApplicationWithoutEntitiesOfItsOwn() {
        StandardEnvironment environment = new StandardEnvironment();

        new JobQueueEnvironmentDefaults()
                .postProcessEnvironment(environment, webApplication(ApplicationWithoutEntities.class));

        assertThat(environment.getProperty("spring.jpa.open-in-view")).isEqualTo("false");
    }

    @Test
    void leavesOpenSessionInViewToBootWhenTheApplicationHasEntities() {
        StandardEnvironment environment = new StandardEnvironment();

        // dev.jobqueue.domain holds @Entity classes, as an application's own package would.
        new JobQueueEnvironmentDefaults().postProcessEnvironment(environment, webApplication(Job.class));

        assertThat(environment.containsProperty("spring.jpa.open-in-view")).isFalse();
    }

    @Test
    void leavesOpenSessionInViewAsTheApplicationSetsIt() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("application", Map.of("spring.jpa.open-in-view", "true")));

        new JobQueueEnvironmentDefaults()
                .postProcessEnvironment(environment, webApplication(ApplicationWithoutEntities.class));

        assertThat(environment.getProperty("spring.jpa.open-in-view")).isEqualTo("true");
    }

    @Test
    void leavesOpenSessionInViewAloneOutsideAServletApplication() {
        StandardEnvironment environment = new StandardEnvironment();
        SpringApplication application = webApplication(ApplicationWithoutEntities.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        new JobQueueEnvironmentDefaults().postProcessEnvironment(environment, application);

        assertThat(environment.containsProperty("spring.jpa.open-in-view")).isFalse();
    }

    @Test
    void turnsBootsOwnLiquibaseOffWithoutAChangelogOfTheApplication() {
        StandardEnvironment environment = new StandardEnvironment();

        new JobQueueEnvironmentDefaults()
                .postProcessEnvironment(environment, webApplication(ApplicationWithoutEntities.class));

        assertThat(environment.getProperty("spring.liquibase.enabled")).isEqualTo("false");
    }

    @Test
    void leavesBootsOwnLiquibaseOnWhenTheApplicationNamesAChangelog() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "application", Map.of("spring.liquibase.change-log", "classpath:db/orders.yaml")));

        new JobQueueEnvironmentDefaults()
                .postProcessEnvironment(environment, webApplication(ApplicationWithoutEntities.class));

        assertThat(environment.containsProperty("spring.liquibase.enabled")).isFalse();
    }

    private static SpringApplication webApplication(Class<?> mainClass) {
        SpringApplication application = new SpringApplication(mainClass);
        application.setMainApplicationClass(mainClass);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        return application;
    }
}
