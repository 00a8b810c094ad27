package dev.jobqueue.persistence.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/** The lease row itself: taken once, renewed while held, lost to a takeover, given up. */
@ExtendWith(TestDatabaseExtension.class)
class MaintenanceLeaseIntegrationTests {

    private static final Duration SHORT = Duration.ofSeconds(3);

    @Test
    void aHeldLeaseIsRenewedAndNotTakenTwice(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "renewed");
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        try (MaintenanceLease lease = MaintenanceLease.take(schema.dataSource(), tables.table(), "work", SHORT)
                .orElseThrow()) {
            Timestamp first = expiry(jdbc);

            assertThat(MaintenanceLease.take(schema.dataSource(), tables.table(), "work", SHORT))
                    .isEmpty();
            await("renewed")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> expiry(jdbc).after(first));
            lease.ensureHeld();
        }

        assertThat(jdbc.queryForObject(
                        "SELECT expires_at <= CURRENT_TIMESTAMP(3) FROM renewed_locks" + " WHERE name = 'work'",
                        Boolean.class))
                .as("given up")
                .isTrue();
        Optional<MaintenanceLease> next = MaintenanceLease.take(schema.dataSource(), tables.table(), "work", SHORT);
        assertThat(next).isPresent();
        next.get().close();
    }

    @Test
    void aLeaseTakenOverByAnotherOwnerStopsTheRoundAtItsNextStep(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "stolen");
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        try (MaintenanceLease lease = MaintenanceLease.take(schema.dataSource(), tables.table(), "work", SHORT)
                .orElseThrow()) {
            jdbc.update("UPDATE stolen_locks SET owner = 'other-node' WHERE name = 'work'");

            await("the renewal noticed")
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThatExceptionOfType(PartitionMaintenanceException.class)
                            .isThrownBy(lease::ensureHeld)
                            .withMessageContaining("stolen_locks")
                            .withMessageContaining("taken over"));
        }
        assertThat(jdbc.queryForObject("SELECT owner FROM stolen_locks WHERE name = 'work'", String.class))
                .as("giving up a lost lease leaves the new owner's row alone")
                .isEqualTo("other-node");
    }

    private static Timestamp expiry(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT expires_at FROM renewed_locks WHERE name = 'work'", Timestamp.class);
    }
}
