package dev.jobqueue.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobEventTests {

    @Test
    void returnsTheBuiltInConstantForABuiltInName() {
        assertThat(JobEvent.of("CLAIM")).isSameAs(JobEvent.CLAIM);
        assertThat(JobEvent.of("RESCHEDULE").isBuiltIn()).isTrue();
    }

    @Test
    void comparesCustomEventsByName() {
        assertThat(JobEvent.of("approve"))
                .isEqualTo(JobEvent.of("approve"))
                .hasSameHashCodeAs(JobEvent.of("approve"))
                .isNotEqualTo(JobEvent.of("Approve"));
        assertThat(JobEvent.of("approve").isBuiltIn()).isFalse();
        assertThat(JobEvent.of("put_on-hold2").name()).isEqualTo("put_on-hold2");
    }

    @Test
    void refusesANameThatIsNotLettersDigitsDashesOrUnderscores() {
        for (String name : new String[] {"", "put on hold", "approve!", "é", "a".repeat(65)}) {
            assertThatExceptionOfType(InvalidJobInputException.class)
                    .isThrownBy(() -> JobEvent.of(name))
                    .withMessage("event name must be 1 to 64 letters, digits, '-' or '_' (like 'approve' or"
                            + " 'put-on-hold') but was '" + name + "'");
        }
    }

    @Test
    void sortsBuiltInEventsFirstInTheirOrderThenCustomEventsByName() {
        List<JobEvent> events = new ArrayList<>(
                List.of(JobEvent.of("hold"), JobEvent.RESCHEDULE, JobEvent.of("approve"), JobEvent.CLAIM));
        Collections.sort(events);

        assertThat(events).extracting(JobEvent::name).containsExactly("CLAIM", "RESCHEDULE", "approve", "hold");
    }
}
