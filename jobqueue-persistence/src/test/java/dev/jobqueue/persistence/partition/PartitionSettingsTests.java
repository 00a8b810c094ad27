package dev.jobqueue.persistence.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PartitionSettingsTests {

    @Test
    void defaultsAreEightWeeksAheadAndFourWeeksOfRetention() {
        PartitionSettings defaults = PartitionSettings.defaults();

        assertThat(defaults.horizon()).isEqualTo(Duration.ofDays(56));
        assertThat(defaults.retention()).isEqualTo(Duration.ofDays(28));
        assertThat(defaults.ddlLockWaitTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void outOfRangeValuesAreRefusedByName() {
        PartitionSettings defaults = PartitionSettings.defaults();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withHorizon(Duration.ofDays(-1)))
                .withMessageStartingWith("horizon must be between");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withHorizon(Duration.ofDays(7 * 521)))
                .withMessageStartingWith("horizon must be between");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withRetention(Duration.ofSeconds(-1)))
                .withMessageStartingWith("retention must be between");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withDdlLockWaitTimeout(Duration.ZERO))
                .withMessageStartingWith("ddlLockWaitTimeout must be between");
    }
}
