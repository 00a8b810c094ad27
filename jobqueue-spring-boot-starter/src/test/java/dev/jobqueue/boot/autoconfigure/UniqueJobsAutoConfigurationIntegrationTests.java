package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.DuplicateJobException;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.UniqueKey;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/** Unique jobs through the {@link JobScheduler} bean, with a per-type default key from the payload (issue #16). */
@ExtendWith(TestDatabaseExtension.class)
class UniqueJobsAutoConfigurationIntegrationTests {

    private static final JobType INVOICE = JobType.of(31);

    private final ApplicationContextRunner contextRunner;

    UniqueJobsAutoConfigurationIntegrationTests(TestSchema schema) {
        this.contextRunner = JdbcContexts.on(schema)
                .withBean(Invoices.class)
                .withPropertyValues(
                        "jobqueue.worker.enabled=false",
                        "jobqueue.table=uq_boot",
                        "jobqueue.types.invoice.unique-key=orderId");
    }

    static class Invoices {
        @JobHandler(id = 31, name = "invoice")
        void send(Map<String, Object> payload) {}
    }

    record Invoice(long orderId, String kind) {}

    @Test
    void aTypesDefaultKeyComesFromThePayloadAndAnExplicitKeyWins() {
        contextRunner.run(context -> {
            JobScheduler scheduler = context.getBean(JobScheduler.class);
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            jdbc.execute("DELETE FROM uq_boot_unique_keys");

            JobId first = scheduler.schedule(INVOICE, new Invoice(42, "final"));
            JobId again = scheduler
                    .job(INVOICE, Map.of("orderId", 42, "kind", "copy"))
                    .schedule();
            JobId other = scheduler.schedule(INVOICE, new Invoice(43, "final"));
            JobId explicit = scheduler
                    .job(INVOICE, new Invoice(42, "final"))
                    .unique("manual-42")
                    .schedule();
            JobId noKey = scheduler.schedule(INVOICE, Map.of("kind", "no order"));

            assertThat(again).isEqualTo(first);
            assertThat(List.of(other, explicit, noKey)).doesNotHaveDuplicates().doesNotContain(first);
            assertThat(jdbc.queryForList(
                            "SELECT unique_key FROM uq_boot_unique_keys ORDER BY unique_key", String.class))
                    .containsExactly("invoice:42", "invoice:43", "manual-42");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM uq_boot", Integer.class))
                    .isEqualTo(4);
            assertThatExceptionOfType(DuplicateJobException.class)
                    .isThrownBy(() -> scheduler
                            .job(INVOICE, Map.of("orderId", 43))
                            .unique(UniqueKey.of("invoice:43").failingIfTaken())
                            .schedule())
                    .satisfies(e -> assertThat(e.existing()).isEqualTo(other));
            assertThatExceptionOfType(InvalidJobInputException.class)
                    .isThrownBy(() -> scheduler.schedule(INVOICE, Map.of("orderId", List.of(1))))
                    .withMessageContaining("properties.orderId is the unique key of type invoice");
        });
    }
}
