package dev.jobqueue.dashboard;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.test.TestSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * An application with the dashboard on a test schema and a real web server on a free port: a
 * viewer, an operator, and a handler of type 9 that always fails (its message holds markup, which
 * the pages must show as text), one of type 8 that always succeeds, one of type 10 that runs until it is
 * cancelled (at most a minute). Jobs of other types have no handler and stay scheduled.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class DashboardTestApplication {

    static final JobType FAILING = JobType.of(9);
    static final JobType SUCCEEDING = JobType.of(8);
    static final JobType BLOCKING = JobType.of(10);
    static final String PASSWORD = "dashboard-test";

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("viewer")
                        .password("{noop}" + PASSWORD)
                        .roles("JOBQUEUE_VIEWER")
                        .build(),
                User.withUsername("operator")
                        .password("{noop}" + PASSWORD)
                        .roles("JOBQUEUE_OPERATOR")
                        .build());
    }

    @Bean
    BlockingHandler blockingHandler() {
        return new BlockingHandler();
    }

    @Bean
    SucceedingHandler succeedingHandler() {
        return new SucceedingHandler();
    }

    @Bean
    FailingHandler failingHandler() {
        return new FailingHandler();
    }

    static ConfigurableApplicationContext start(TestSchema schema, String table, String... properties) {
        return new SpringApplicationBuilder(DashboardTestApplication.class)
                .properties(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password(),
                        "spring.jpa.open-in-view=false",
                        "server.port=0",
                        "jobqueue.table=" + table,
                        "jobqueue.dashboard.enabled=true",
                        "jobqueue.worker.poll-interval=50ms",
                        "jobqueue.worker.max-poll-interval=200ms",
                        "jobqueue.worker.shutdown-timeout=5s",
                        "jobqueue.types.always-fails.executions=1")
                .properties(properties)
                .run();
    }

    static final class FailingHandler {

        @JobHandler(id = 9, name = "always-fails")
        void fail(JobContext context) {
            throw new IllegalStateException("mail server said <b>no</b> & \"><img src=x onerror=alert(2)>");
        }
    }

    static final class SucceedingHandler {

        @JobHandler(id = 8, name = "always-succeeds")
        void succeed(JobContext context) {}
    }

    static final class BlockingHandler {

        @JobHandler(id = 10, name = "runs-until-cancelled")
        void block(JobContext context) throws InterruptedException {
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
            while (!context.isCancelled() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
        }
    }
}
