package dev.jobqueue.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.jobqueue.boot.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.boot.autoconfigure.JobQueueJpaAutoConfiguration;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** When the dashboard is served, and what it allows without Spring Security. */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class JobQueueDashboardAutoConfigurationIntegrationTests {

    private static final FilteredClassLoader NO_SECURITY = new FilteredClassLoader("org.springframework.security");

    private final WebApplicationContextRunner contextRunner;

    JobQueueDashboardAutoConfigurationIntegrationTests(TestSchema schema) {
        this.contextRunner = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        HibernateJpaAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        JacksonAutoConfiguration.class,
                        JobQueueJpaAutoConfiguration.class,
                        JobQueueAutoConfiguration.class,
                        HttpMessageConvertersAutoConfiguration.class,
                        DispatcherServletAutoConfiguration.class,
                        WebMvcAutoConfiguration.class,
                        ThymeleafAutoConfiguration.class,
                        JobQueueDashboardAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password(),
                        "spring.jpa.open-in-view=false",
                        "jobqueue.table=dashauto",
                        "jobqueue.worker.enabled=false",
                        "jobqueue.partitions.enabled=false");
    }

    @Test
    void isOffUnlessEnabled() {
        contextRunner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DashboardPath.class));
    }

    @Test
    void defaultsMatchTheProperties() {
        DashboardProperties defaults = new DashboardProperties();
        contextRunner
                .withPropertyValues("jobqueue.dashboard.enabled=true")
                .withClassLoader(NO_SECURITY)
                .run(context -> {
                    DashboardProperties bound = context.getBean(DashboardProperties.class);
                    assertThat(bound)
                            .usingRecursiveComparison()
                            .ignoringFields("enabled")
                            .isEqualTo(defaults);
                    assertThat(bound.getPath()).isEqualTo("/jobqueue");
                    assertThat(bound.getViewerRole()).isEqualTo("JOBQUEUE_VIEWER");
                    assertThat(bound.getOperatorRole()).isEqualTo("JOBQUEUE_OPERATOR");
                    assertThat(bound.isAllowActionsWithoutSecurity()).isFalse();
                });
    }

    @Test
    void withoutSecurityItWarnsLoudlyAndIsReadOnly(CapturedOutput output) {
        contextRunner
                .withPropertyValues("jobqueue.dashboard.enabled=true", "jobqueue.dashboard.path=/ops/jobs")
                .withClassLoader(NO_SECURITY)
                .run(context -> {
                    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
                    JobId id = context.getBean(JobScheduler.class)
                            .job(JobType.of(1), Map.of("n", 1))
                            .in(Duration.ofHours(1))
                            .schedule();

                    mvc.perform(get("/ops/jobs/jobs/" + id.value())).andExpect(status().isOk());
                    mvc.perform(post("/ops/jobs/jobs/" + id.value() + "/cancel"))
                            .andExpect(status().isForbidden());
                    mvc.perform(get("/ops/jobs/jobs/" + id.value() + "/cancel")).andExpect(status().isForbidden());

                    assertThat(output).contains("has NO access control").contains("It is read-only");
                    assertThat(context.getBean(Jobs.class)
                                    .find(id)
                                    .orElseThrow()
                                    .subStateCode())
                            .isEqualTo(SubState.SCHEDULED);
                });
    }

    @Test
    void withoutSecurityActionsNeedAnExplicitYes(CapturedOutput output) {
        contextRunner
                .withPropertyValues(
                        "jobqueue.dashboard.enabled=true", "jobqueue.dashboard.allow-actions-without-security=true")
                .withClassLoader(NO_SECURITY)
                .run(context -> {
                    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
                    JobId id = context.getBean(JobScheduler.class)
                            .job(JobType.of(1), Map.of("n", 2))
                            .in(Duration.ofHours(1))
                            .schedule();

                    mvc.perform(post("/jobqueue/jobs/" + id.value() + "/cancel"))
                            .andExpect(status().is3xxRedirection());

                    assertThat(output).contains("ANYONE who reaches this port can see every job and cancel");
                    assertThat(context.getBean(Jobs.class)
                                    .find(id)
                                    .orElseThrow()
                                    .subStateCode())
                            .isEqualTo(SubState.CANCELLED);
                });
    }

    @Test
    void aBadPathFailsStartupNamingTheProperty() {
        contextRunner
                .withPropertyValues("jobqueue.dashboard.enabled=true", "jobqueue.dashboard.path=jobs/")
                .withClassLoader(NO_SECURITY)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("jobqueue.dashboard.path must start with '/'")
                        .hasMessageContaining("'jobs/'"));
    }
}
