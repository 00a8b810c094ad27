package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.scheduling.internal.SchedulingBeans;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.JobQueueObserver;
import dev.jobqueue.worker.JobWorkers;
import dev.jobqueue.worker.LocalWakeups;
import dev.jobqueue.worker.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link JobQueueAutoConfiguration} in Boot's style: the defaults, the bound defaults against a
 * fresh {@link JobQueueProperties} and against {@code docs/configuration.md}, the back-off of
 * every bean an application may define, {@code jobqueue.enabled=false}, and a start without the
 * BeanPostProcessorChecker's warning. No scenario here touches the database: the datasource
 * points at a closed port, and nothing that would connect at startup is on.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobQueueAutoConfigurationTests {

    private static final Path CONFIGURATION_DOC = Path.of("..", "docs", "configuration.md");

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JobQueueAutoConfiguration.class))
            .withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:mariadb://127.0.0.1:1/unused"))
            .withPropertyValues(
                    "jobqueue.schema.initialize=false",
                    "jobqueue.partitions.enabled=false",
                    "jobqueue.worker.auto-startup=false");

    @Test
    void theDefaultsGiveTheApplicationBeansAndPausedWorkersWhenAskedTo() {
        contextRunner.withBean(Greeter.class).run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(JobLifecycle.class)
                    .hasSingleBean(JobQueue.class)
                    .hasSingleBean(JobScheduler.class)
                    .hasSingleBean(JobWorkers.class)
                    .hasSingleBean(JobHandlerRegistry.class)
                    .hasSingleBean(LocalWakeups.class)
                    .hasSingleBean(JobQueueObserver.class);
            // why: Jobs reads through the JPA entities, and this context has no persistence unit
            assertThat(context).doesNotHaveBean(Jobs.class);
            assertThat(context.getBean(JobHandlerRegistry.class).forName("greet"))
                    .isPresent();
            assertThat(context.getBean(JobQueue.class).settings().lockRetries()).isEqualTo(10);
            JobWorkers workers = context.getBean(JobWorkers.class);
            assertThat(workers.isAutoStartup()).isFalse();
            assertThat(workers.isRunning()).isFalse();
        });
    }

    @Test
    void theBoundDefaultsAreThoseOfAFreshPropertiesObject() {
        new ApplicationContextRunner()
                .withUserConfiguration(BindingOnly.class)
                .run(context -> assertThat(context.getBean(JobQueueProperties.class))
                        .usingRecursiveComparison()
                        .isEqualTo(new JobQueueProperties()));
    }

    @Test
    void everyPropertyIsDocumentedWithItsRealDefault() throws IOException {
        Map<String, String> documented = documentedDefaults();
        ConversionService conversion = ApplicationConversionService.getSharedInstance();
        List<String> properties = List.of(
                "enabled",
                "table",
                "default-executions",
                "tenants",
                "lock-retries",
                "schema.initialize",
                "worker.enabled",
                "worker.poll-interval",
                "worker.max-poll-interval",
                "worker.shutdown-timeout",
                "worker.recovery-interval",
                "worker.virtual-threads",
                "worker.auto-startup",
                "pool.dedicated",
                "pool.maximum-size",
                "partitions.enabled",
                "partitions.interval",
                "partitions.horizon",
                "partitions.retention",
                "partitions.drop-adopted",
                "partitions.ddl-lock-wait-timeout",
                "embedded.enabled",
                "embedded.database",
                "embedded.port");
        BeanWrapperImpl defaults = new BeanWrapperImpl(new JobQueueProperties());

        assertThat(properties).allSatisfy(property -> {
            String name = "jobqueue." + property;
            assertThat(documented).as("documented properties").containsKey(name);
            Object actual = defaults.getPropertyValue(camelCase(property));
            String shown = documented.get(name);
            Object converted = actual instanceof List<?>
                    ? conversion.convert(
                            new ArrayList<>(Arrays.asList(
                                    shown.replaceAll("[\\[\\]]", "").split(","))),
                            TypeDescriptor.forObject(new ArrayList<>()),
                            TypeDescriptor.collection(List.class, TypeDescriptor.valueOf(Integer.class)))
                    : conversion.convert(shown, actual.getClass());
            assertThat(converted)
                    .as("documented default of " + name + " (" + shown + ")")
                    .isEqualTo(actual);
        });
    }

    @Test
    void beansTheApplicationDefinesReplaceTheAutoConfiguredOnes() {
        contextRunner.withUserConfiguration(UserBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeanNamesForType(JobLifecycle.class)).containsExactly("userLifecycle");
            assertThat(context.getBeanNamesForType(JobHandlerRegistry.class)).containsExactly("userRegistry");
            assertThat(context.getBeanNamesForType(LocalWakeups.class)).containsExactly("userWakeups");
            assertThat(context.getBeanNamesForType(JobQueueObserver.class)).containsExactly("userObserver");
            assertThat(context.getBeanNamesForType(JobQueue.class)).containsExactly("userQueue");
            assertThat(context.getBeanNamesForType(JobScheduler.class)).containsExactly("userScheduler");
            assertThat(context.getBeanNamesForType(JobWorkers.class)).containsExactly("userWorkers");
            assertThat(context.getBean(JobQueue.class).settings().table().jobs())
                    .isEqualTo("user_jobs");
        });
    }

    @Test
    void disabledItLeavesNoJobqueueBean() {
        contextRunner
                .withPropertyValues("jobqueue.enabled=false")
                .withBean(Greeter.class)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(JobQueue.class)
                            .doesNotHaveBean(JobScheduler.class)
                            .doesNotHaveBean(JobWorkers.class)
                            .doesNotHaveBean(JobQueueProperties.class);
                    assertThat(Arrays.stream(context.getBeanDefinitionNames())
                                    .map(name -> context.getBeanFactory().getType(name))
                                    .filter(type ->
                                            type != null && type.getName().startsWith("dev.jobqueue."))
                                    .map(Class::getName))
                            .as("jobqueue beans")
                            .containsOnly(Greeter.class.getName());
                });
    }

    @Test
    void aStartWithHandlersLogsNoBeanPostProcessorCheckerWarning(CapturedOutput output) {
        contextRunner.withBean(Greeter.class).run(context -> assertThat(context).hasNotFailed());

        assertThat(output).doesNotContain("is not eligible for getting processed by all BeanPostProcessors");
    }

    @Test
    void anApplicationsOwnRegistryNeedNotBeInfrastructureToStartWithoutTheWarning(CapturedOutput output) {
        contextRunner
                .withBean(Greeter.class)
                .withUserConfiguration(UserRegistry.class)
                .run(context -> assertThat(
                                context.getBean(JobHandlerRegistry.class).forName("greet"))
                        .isPresent());

        assertThat(output).doesNotContain("is not eligible for getting processed by all BeanPostProcessors");
    }

    private static Map<String, String> documentedDefaults() throws IOException {
        Pattern row = Pattern.compile("^\\| `(jobqueue\\.[a-z.-]+)` \\| `([^`]*)` \\|");
        Map<String, String> defaults = new TreeMap<>();
        for (String line : Files.readAllLines(CONFIGURATION_DOC)) {
            Matcher matcher = row.matcher(line);
            if (matcher.find()) {
                defaults.put(matcher.group(1), matcher.group(2));
            }
        }
        return defaults;
    }

    private static String camelCase(String kebabPath) {
        StringBuilder path = new StringBuilder();
        boolean upper = false;
        for (char c : kebabPath.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                path.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return path.toString();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(JobQueueProperties.class)
    static class BindingOnly {}

    @Configuration(proxyBeanMethods = false)
    static class UserRegistry {

        @Bean
        JobHandlerRegistry userRegistry() {
            return new JobHandlerRegistry();
        }
    }

    static class Greeter {

        @JobHandler(id = 1, name = "greet")
        void greet(String payload) {}
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {

        @Bean
        JobLifecycle userLifecycle() {
            return JobLifecycle.builder().build();
        }

        @Bean
        JobHandlerRegistry userRegistry() {
            return new JobHandlerRegistry();
        }

        @Bean
        LocalWakeups userWakeups() {
            return new LocalWakeups();
        }

        @Bean
        JobQueueObserver userObserver() {
            return new JobQueueObserver() {};
        }

        @Bean
        JobQueue userQueue(DataSource dataSource, JobLifecycle lifecycle) {
            return new JobQueue(
                    dataSource,
                    new JdbcTransactionManager(dataSource),
                    JobQueueSettings.defaults().withTable(TableName.of("user_jobs")),
                    lifecycle,
                    JsonMapper.builder().build());
        }

        @Bean
        JobScheduler userScheduler(JobQueue queue, LocalWakeups wakeups, JobQueueObserver observer) {
            return SchedulingBeans.jobScheduler(queue, wakeups, observer, type -> null);
        }

        @Bean
        JobWorkers userWorkers(JobQueue queue, JobHandlerRegistry registry) {
            JobWorkers workers = new JobWorkers(
                    queue,
                    registry,
                    handler -> {
                        throw new IllegalStateException("no handlers here");
                    },
                    List.of(),
                    new WorkerSettings(
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            false),
                    JsonMapper.builder().build(),
                    JobQueueObserver.NONE,
                    new LocalWakeups());
            workers.setAutoStartup(false);
            return workers;
        }
    }
}
