package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RetryGroupsTests {

    @Test
    void aGroupIsAVersion7UuidWhoseFirst48BitsAreItsMillisecond() {
        Instant time = Instant.parse("2026-12-02T21:45:00.123Z");

        UUID group = UUID.fromString(RetryGroups.at(time));

        assertThat(group.version()).isEqualTo(7);
        assertThat(group.variant()).isEqualTo(2);
        assertThat(group.getMostSignificantBits() >>> 16).isEqualTo(time.toEpochMilli());
        assertThat(RetryGroups.at(time)).hasSize(36).startsWith("01a238b7-cfdb-7");
    }

    @Test
    void groupsOfLaterMillisecondsSortAfterAsTheTextTheIndexHolds() {
        Instant time = Instant.parse("2026-12-02T21:45:00Z");

        String earlier = RetryGroups.at(time);
        String later = RetryGroups.at(time.plusMillis(1));

        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void groupsOfTheSameMillisecondDiffer() {
        Instant time = Instant.parse("2026-12-02T21:45:00Z");
        Set<String> groups = new HashSet<>();

        for (int i = 0; i < 100_000; i++) {
            groups.add(RetryGroups.at(time));
        }

        assertThat(groups).hasSize(100_000);
    }
}
