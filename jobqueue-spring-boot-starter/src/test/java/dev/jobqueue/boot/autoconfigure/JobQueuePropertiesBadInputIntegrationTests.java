package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@code jobqueue.*} value out of range, or a table name that is not a plain identifier,
 * stops startup with a message naming the full property and what it allows, before anything
 * is created in the database (issue #8). {@code JobHandlerStartupTests} covers a type's
 * concurrency of 0 without a database; this covers every other range against a real one.
 */
@ExtendWith(TestDatabaseExtension.class)
class JobQueuePropertiesBadInputIntegrationTests {

    private final JdbcTemplate jdbc;
    private final ApplicationContextRunner contextRunner;

    JobQueuePropertiesBadInputIntegrationTests(TestSchema schema) {
        this.jdbc = new JdbcTemplate(schema.dataSource());
        this.contextRunner = JdbcContexts.on(schema).withPropertyValues("jobqueue.table=yaml");
    }

    @Test
    void aValidConfigurationCreatesTheTables() {
        contextRunner
                .withPropertyValues(
                        "jobqueue.table=valid",
                        "jobqueue.worker.enabled=false",
                        "jobqueue.tenants=0,255",
                        "jobqueue.worker.poll-interval=1s",
                        "jobqueue.worker.max-poll-interval=1s")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(tables()).contains("valid", "valid_data", "valid_changelog", "valid_changelog_lock");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jobqueue.tenants=0,256                  | jobqueue.tenants[1] must be between 0 and 255 but was 256
            jobqueue.tenants=-1                     | jobqueue.tenants[0] must be between 0 and 255 but was -1
            jobqueue.default-executions=0           | jobqueue.default-executions must be between 1 and 255 but was 0
            jobqueue.default-executions=256         | jobqueue.default-executions must be between 1 and 255 but was 256
            jobqueue.pool.maximum-size=0            | jobqueue.pool.maximum-size must be between 1 and 100 but was 0
            jobqueue.lock-retries=-1                | jobqueue.lock-retries must be between 0 and 100 but was -1
            jobqueue.lock-retries=101               | jobqueue.lock-retries must be between 0 and 100 but was 101
            jobqueue.types.emails.non-retryable=com.example.NoSuchException | jobqueue.types.emails.non-retryable names com.example.NoSuchException, which is not on the classpath
            jobqueue.types.emails.non-retryable=java.lang.String | jobqueue.types.emails.non-retryable must name exception types but java.lang.String is not a Throwable
            jobqueue.types.emails.concurrency=-1    | jobqueue.types.emails.concurrency must be between 1 and 1024 but was -1
            jobqueue.types.emails.concurrency=1025  | jobqueue.types.emails.concurrency must be between 1 and 1024 but was 1025
            jobqueue.types.emails.batch-size=0      | jobqueue.types.emails.batch-size must be between 1 and 1000 but was 0
            jobqueue.types.emails.batch-size=1001   | jobqueue.types.emails.batch-size must be between 1 and 1000 but was 1001
            jobqueue.types.emails.max-batch-size=0  | jobqueue.types.emails.max-batch-size must be between 1 and 1000 but was 0
            jobqueue.types.emails.executions=0      | jobqueue.types.emails.executions must be between 1 and 255 but was 0
            jobqueue.types.emails.executions=256    | jobqueue.types.emails.executions must be between 1 and 255 but was 256
            jobqueue.types.emails.lease=0s          | jobqueue.types.emails.lease must be positive but was PT0S
            jobqueue.types.emails.lease=-5s         | jobqueue.types.emails.lease must be positive but was PT-5S
            jobqueue.types.emails.complete-correlated=all | jobqueue.types.emails.complete-correlated must be one of none, type or tenant but was 'all'
            jobqueue.types.emails.complete-correlated=    | jobqueue.types.emails.complete-correlated must be one of none, type or tenant but was ''
            jobqueue.types.emails.max-concurrency=0 | jobqueue.types.emails.max-concurrency must be between 1 and 100000 but was 0
            jobqueue.types.emails.max-concurrency=100001 | jobqueue.types.emails.max-concurrency must be between 1 and 100000 but was 100001
            jobqueue.types.emails.rate-limit=fast   | jobqueue.types.emails.rate-limit must be permits/interval such as 100/1s or 5/250ms (units ms, s, m, h, d) but was 'fast'
            jobqueue.types.emails.rate-limit=0/1s   | jobqueue.types.emails.rate-limit must allow between 1 and 1000000 starts per interval but was '0/1s'
            jobqueue.types.emails.rate-limit=5/2d   | jobqueue.types.emails.rate-limit must have an interval between 1ms and 1d but was '5/2d'
            jobqueue.types.emails.tenants.256.max-concurrency=1 | jobqueue.types.emails.tenants must be between 0 and 255 but was 256
            jobqueue.types.emails.tenants.3.rate-limit=1/0ms | jobqueue.types.emails.tenants.3.rate-limit must have an interval between 1ms and 1d but was '1/0ms'
            jobqueue.worker.poll-interval=0ms       | jobqueue.worker.poll-interval must be positive but was PT0S
            jobqueue.worker.max-poll-interval=-1s   | jobqueue.worker.max-poll-interval must be positive but was PT-1S
            jobqueue.worker.max-poll-interval=100ms | jobqueue.worker.max-poll-interval must be at least jobqueue.worker.poll-interval (PT0.5S) but was PT0.1S
            jobqueue.worker.recovery-interval=0s    | jobqueue.worker.recovery-interval must be positive but was PT0S
            jobqueue.worker.shutdown-timeout=-1s    | jobqueue.worker.shutdown-timeout must not be negative but was PT-1S
            jobqueue.partitions.interval=0s         | jobqueue.partitions.interval must be positive but was PT0S
            jobqueue.partitions.horizon=3641d       | jobqueue.partitions.horizon must be between PT0S and PT87360H but was PT87384H
            jobqueue.partitions.horizon=-7d         | jobqueue.partitions.horizon must be between PT0S and PT87360H but was PT-168H
            jobqueue.partitions.retention=-1d       | jobqueue.partitions.retention must be between PT0S and PT876000H but was PT-24H
            jobqueue.partitions.ddl-lock-wait-timeout=0s | jobqueue.partitions.ddl-lock-wait-timeout must be between PT1S and PT1H but was PT0S
            jobqueue.partitions.ddl-lock-wait-timeout=2h | jobqueue.partitions.ddl-lock-wait-timeout must be between PT1S and PT1H but was PT2H
            """)
    void aValueOutOfRangeStopsStartupNamingTheFullPathAndCreatesNothing(String property, String message) {
        assertRefused(message, property);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            multiplier=0.5                      | jobqueue.types.emails.retry.multiplier must be a finite number of at least 1.0 but was 0.5
            multiplier=Infinity                 | jobqueue.types.emails.retry.multiplier must be a finite number of at least 1.0 but was Infinity
            multiplier=NaN                      | jobqueue.types.emails.retry.multiplier must be a finite number of at least 1.0 but was NaN
            initial-delay=-1s                   | jobqueue.types.emails.retry.initial-delay must not be negative but was PT-1S
            max-delay=-1s                       | jobqueue.types.emails.retry.max-delay must not be negative but was PT-1S
            max-delay=5s,initial-delay=10s      | jobqueue.types.emails.retry.max-delay must be at least jobqueue.types.emails.retry.initial-delay (PT10S) but was PT5S
            strategy=fixed,delay=-10s           | jobqueue.types.emails.retry.delay must not be negative but was PT-10S
            """)
    void invalidRetrySettingsStopStartupAndCreateNothing(String settings, String message) {
        String[] properties = settings.split(",");
        for (int i = 0; i < properties.length; i++) {
            properties[i] = "jobqueue.types.emails.retry." + properties[i];
        }
        assertRefused(message, properties);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jobqueue.shards.b.url=jdbc:mariadb://h/b                                         | jobqueue.shards.b.tenants must list at least one tenant between 0 and 255 but was empty
            jobqueue.shards.b.tenants=3                                                      | jobqueue.shards.b.url must be set: the JDBC URL of the shard's database
            jobqueue.shards.b.url=jdbc:mariadb://h/b,jobqueue.shards.b.tenants=256            | jobqueue.shards.b.tenants[0] must be between 0 and 255 but was 256
            jobqueue.shards.b.url=jdbc:mariadb://h/b,jobqueue.shards.b.tenants[0]=3,jobqueue.shards.b.tenants[1]=-1 | jobqueue.shards.b.tenants[1] must be between 0 and 255 but was -1
            jobqueue.shards.default.url=jdbc:mariadb://h/b,jobqueue.shards.default.tenants=3 | jobqueue.shards.default is refused: the name 'default' stands for the application's datasource; give the shard another name
            jobqueue.shards.a.url=jdbc:mariadb://h/a,jobqueue.shards.a.tenants=3,jobqueue.shards.b.url=jdbc:mariadb://h/b,jobqueue.shards.b.tenants[0]=4,jobqueue.shards.b.tenants[1]=3 | jobqueue.shards.b.tenants[1] names tenant 3, which jobqueue.shards.a.tenants names too: a tenant lives in one database
            jobqueue.shards.b.url=jdbc:mariadb://h/b,jobqueue.shards.b.tenants=3,jobqueue.shards.b.pool.maximum-size=0 | jobqueue.shards.b.pool.maximum-size must be between 1 and 100 but was 0
            jobqueue.shards.b.url=jdbc:mariadb://h/b,jobqueue.shards.b.tenants=3,jobqueue.shards.b.pool.connection-timeout=100ms | jobqueue.shards.b.pool.connection-timeout must be at least PT0.25S but was PT0.1S
            """)
    void aMisconfiguredShardStopsStartupNamingThePropertyAndCreatesNothing(String settings, String message) {
        assertRefused(message, settings.split(","));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jobs; DROP TABLE x",
                "jobs`; DROP TABLE x; --",
                "jobs' OR '1'='1",
                "jobs\"",
                "jobs data",
                "jobs-data",
                "1jobs",
                "jöbs",
                "j2345678901234567890123456789012345678901234567890123456789012345",
                "j234567890123456789012345678901234567890123456X"
            })
    void aTableNameThatIsNotAShortPlainIdentifierStopsStartupAndCreatesNothing(String table) {
        assertRefused(
                "jobqueue.table must be a plain SQL identifier (a letter or _, then up to 45 letters, digits"
                        + " or _) but was '" + table + "'",
                "jobqueue.table=" + table);
        assertThat(tables()).doesNotContain("x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1ms", "300ms", "999ms"})
    void aLeaseTooShortForItsHeartbeatsStopsStartupAndCreatesNothing(String lease) {
        String shown = java.time.Duration.parse("PT" + lease.replace("ms", "") + "S")
                .dividedBy(1000)
                .toString();
        assertRefused(
                "jobqueue.types.emails.lease must be at least PT1S but was " + shown + ": running handlers"
                        + " renew their lease every third of it and at most every 100 ms, so a shorter lease lets lease"
                        + " recovery take jobs that are still running",
                "jobqueue.types.emails.lease=" + lease);
    }

    @Test
    void theShortestLeaseAllowedIsAccepted() {
        contextRunner
                .withPropertyValues(
                        "jobqueue.table=shortlease", "jobqueue.types.emails.lease=1s", "jobqueue.worker.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anEmptyTenantListStopsStartupOfANodeWithWorkersAndCreatesNothing() {
        assertRefused(
                "jobqueue.tenants must list at least one tenant between 0 and 255 but was empty, so this node"
                        + " would run no jobs; leave it unset for tenant 0, or set jobqueue.worker.enabled=false on a node"
                        + " that only schedules jobs",
                "jobqueue.tenants=");
    }

    @Test
    void aTableNameTheServerReservesIsReportedAsTheFullPropertyAndCreatesNothing() {
        assertRefused("jobqueue.table must not be a word the server reserves but was 'order'", "jobqueue.table=order");
        assertThat(tables()).noneMatch(table -> table.startsWith("order"));
    }

    @Test
    void theLongestTableNameAllowedFitsEveryNameDerivedFromIt() {
        String longest = "j".repeat(46);
        contextRunner
                .withPropertyValues(
                        "jobqueue.table=" + longest,
                        "jobqueue.worker.enabled=false",
                        "jobqueue.partitions.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(tables()).contains(longest, longest + "_data", longest + "_changelog_lock");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedByBootsBinderNamingTheProperty() {
        Set<String> before = tables();
        contextRunner
                .withPropertyValues("jobqueue.types.emails.concurrency=many")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("jobqueue.types.emails.concurrency")
                            .hasStackTraceContaining("many");
                });
        contextRunner
                .withPropertyValues("jobqueue.types.emails.retry.strategy=sometimes")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("jobqueue.types.emails.retry.strategy")
                            .hasStackTraceContaining("sometimes");
                });
        assertThat(tables()).isEqualTo(before);
    }

    private void assertRefused(String message, String... properties) {
        Set<String> before = tables();
        contextRunner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(cause).isInstanceOf(InvalidJobInputException.class).hasMessage(message);
            String property = ((InvalidJobInputException) cause).field();
            assertThat(message).startsWith(property + " ");
            FailureAnalysis analysis = new JobQueueFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains(message);
            assertThat(analysis.getAction()).startsWith("Correct " + property + " in the application's configuration");
        });
        assertThat(tables())
                .as("tables after a refused start")
                .isEqualTo(before)
                .noneMatch(table -> table.startsWith("yaml"));
    }

    private Set<String> tables() {
        List<String> names = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class);
        return new TreeSet<>(names);
    }
}
