package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandlerSlotsTests {

    @Test
    void aClaimStartsAtOnceOnlyAsManyJobsAsThreadsAreFree() {
        HandlerSlots slots = new HandlerSlots(8);

        HandlerSlots.Claim first = slots.open(5);
        assertThat(first.startNow()).as("no job handed out yet").isEqualTo(5);
        slots.close(first, 5, () -> {});
        HandlerSlots.Claim second = slots.open(10);
        assertThat(second.startNow()).as("5 threads busy").isEqualTo(3);
        slots.close(second, 10, () -> {});
        assertThat(slots.open(4).startNow()).as("15 jobs handed to 8 threads").isZero();
    }

    @Test
    void aThreadIsFreeOnceItsHandlerReturned() {
        HandlerSlots slots = new HandlerSlots(2);
        HandlerSlots.Claim claim = slots.open(2);
        slots.close(claim, 2, () -> {});

        slots.ended();

        assertThat(slots.open(2).startNow()).isEqualTo(1);
    }

    @Test
    void theRoomOfAClaimInFlightIsNotFreeForTheNextOne() {
        HandlerSlots slots = new HandlerSlots(8);

        HandlerSlots.Claim first = slots.open(8);
        HandlerSlots.Claim second = slots.open(8);

        assertThat(first.startNow()).isEqualTo(8);
        assertThat(second.startNow())
                .as("the first claim may fill every thread")
                .isZero();
        slots.close(first, 2, () -> {});
        slots.close(second, 0, () -> {});
        assertThat(slots.open(8).startNow()).as("the first claim found 2 jobs").isEqualTo(6);
    }

    @Test
    void claimsHandOutTheirJobsInTheOrderTheyOpened() throws InterruptedException {
        HandlerSlots slots = new HandlerSlots(8);
        HandlerSlots.Claim first = slots.open(4);
        HandlerSlots.Claim second = slots.open(4);
        List<String> handedOut = new CopyOnWriteArrayList<>();
        CountDownLatch secondClosed = new CountDownLatch(1);

        Thread later = new Thread(() -> {
            slots.close(second, 4, () -> handedOut.add("second"));
            secondClosed.countDown();
        });
        later.start();
        assertThat(secondClosed.await(200, TimeUnit.MILLISECONDS))
                .as("the second waits for the first")
                .isFalse();
        slots.close(first, 4, () -> handedOut.add("first"));
        assertThat(secondClosed.await(10, TimeUnit.SECONDS)).isTrue();
        later.join();

        assertThat(handedOut).containsExactly("first", "second");
    }
}
