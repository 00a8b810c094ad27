package dev.jobqueue.persistence.partition;

import static dev.jobqueue.persistence.partition.PartitionTestTables.epoch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.persistence.partition.PartitionLayout.Partition;
import dev.jobqueue.persistence.partition.PartitionPlan.Drop;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionPlanTests {

    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");
    private static final Duration EIGHT_WEEKS = Duration.ofDays(56);

    @Test
    void weeksAreNamedAfterTheIsoWeekBasedYearAndWeek() {
        assertThat(PartitionPlan.weekName(LocalDate.parse("2026-11-25"))).isEqualTo("p2026w48");
        assertThat(PartitionPlan.weekName(LocalDate.parse("2026-12-31"))).isEqualTo("p2026w53");
        assertThat(PartitionPlan.weekName(LocalDate.parse("2027-01-03"))).isEqualTo("p2026w53");
        assertThat(PartitionPlan.weekName(LocalDate.parse("2027-01-04"))).isEqualTo("p2027w01");
        assertThat(PartitionPlan.weekName(LocalDate.parse("2024-12-30"))).isEqualTo("p2025w01");
        assertThat(PartitionPlan.weekName(LocalDate.parse("2021-01-03"))).isEqualTo("p2020w53");
    }

    @Test
    void weeksRunFromTheCurrentWeekToTheWeekOfTheHorizonBoundedByMondaysUtc() {
        List<Partition> weeks = PartitionPlan.weeks(NOW, EIGHT_WEEKS);

        assertThat(weeks)
                .extracting(Partition::name)
                .containsExactly(
                        "p2026w48",
                        "p2026w49",
                        "p2026w50",
                        "p2026w51",
                        "p2026w52",
                        "p2026w53",
                        "p2027w01",
                        "p2027w02",
                        "p2027w03");
        assertThat(weeks.get(0).bound()).isEqualTo(epoch("2026-11-30T00:00:00Z"));
        assertThat(weeks.get(8).bound()).isEqualTo(epoch("2027-01-25T00:00:00Z"));
        assertThat(weeks)
                .allSatisfy(week -> assertThat(week.bound() % (7 * 86_400)).isEqualTo(epoch("1970-01-05T00:00:00Z")));
    }

    @Test
    void aWeekStartsAtMondayMidnightUtcExactly() {
        assertThat(PartitionPlan.weeks(Instant.parse("2026-11-30T00:00:00Z"), Duration.ZERO))
                .containsExactly(new Partition("p2026w49", epoch("2026-12-07T00:00:00Z")));
        assertThat(PartitionPlan.weeks(Instant.parse("2026-11-29T23:59:59Z"), Duration.ZERO))
                .containsExactly(new Partition("p2026w48", epoch("2026-11-30T00:00:00Z")));
    }

    @Test
    void aNewTableGetsTheWeeksSplitOutOfItsCatchAllOnBothTables() {
        List<PartitionSplit> splits =
                PartitionPlan.splits(layout("x", catchAll()), layout("x_data", catchAll()), NOW, Duration.ofDays(7));

        assertThat(splits)
                .containsExactly(
                        PartitionSplit.reorganize(
                                "x",
                                catchAll(),
                                List.of(week("p2026w48", "2026-11-30"), week("p2026w49", "2026-12-07"))),
                        PartitionSplit.reorganize(
                                "x_data",
                                catchAll(),
                                List.of(week("p2026w48", "2026-11-30"), week("p2026w49", "2026-12-07"))));
        assertThat(splits.get(0).created()).extracting(Partition::name).containsExactly("p2026w48", "p2026w49");
    }

    @Test
    void aLayoutThatHasEveryWeekNeedsNothing() {
        List<Partition> partitions = new ArrayList<>(PartitionPlan.weeks(NOW, EIGHT_WEEKS));
        partitions.add(catchAll());

        assertThat(PartitionPlan.splits(layout("x", partitions), layout("x_data", partitions), NOW, EIGHT_WEEKS))
                .isEmpty();
    }

    @Test
    void aLayoutWithoutCatchAllGetsTheMissingWeeksAndACatchAllAppended() {
        Partition seedLast = new Partition("p202310_week3", epoch("2023-10-20T00:00:00Z"));

        List<PartitionSplit> splits =
                PartitionPlan.splits(layout("x", seedLast), layout("x_data", seedLast), NOW, Duration.ZERO);

        assertThat(splits)
                .containsExactly(
                        PartitionSplit.append("x", List.of(week("p2026w48", "2026-11-30"), catchAll())),
                        PartitionSplit.append("x_data", List.of(week("p2026w48", "2026-11-30"), catchAll())));
    }

    @Test
    void theFirstNewWeekCoversTheGapAfterALaggingLayout() {
        Partition june = week("p2026w23", "2026-06-08");
        PartitionLayout before = layout("x", june, catchAll());

        PartitionSplit split = PartitionPlan.splits(before, layout("x_data", june, catchAll()), NOW, Duration.ZERO)
                .get(0);

        assertThat(split.created()).containsExactly(week("p2026w48", "2026-11-30"));
        PartitionLayout after = layout("x", june, week("p2026w48", "2026-11-30"), catchAll());
        assertThat(after.range(split.created().get(0)).from()).isEqualTo(Instant.parse("2026-06-08T00:00:00Z"));
    }

    @Test
    void weeksThatAnExistingPartitionCoversAreNotSplitOutOfIt() {
        Partition farAhead = new Partition("pmanual", epoch("2027-06-01T00:00:00Z"));

        assertThat(PartitionPlan.splits(
                        layout("x", farAhead, catchAll()), layout("x_data", farAhead, catchAll()), NOW, EIGHT_WEEKS))
                .isEmpty();
    }

    @Test
    void tablesWithDifferentBoundsAreGivenEachOthersBounds() {
        Partition w47 = week("p2026w47", "2026-11-23");
        Partition w48 = week("p2026w48", "2026-11-30");

        List<PartitionSplit> splits = PartitionPlan.splits(
                layout("x", w48, catchAll()), layout("x_data", w47, catchAll()), NOW, Duration.ZERO);

        assertThat(splits)
                .containsExactly(
                        PartitionSplit.reorganize("x", w48, List.of(w47)),
                        PartitionSplit.reorganize("x_data", catchAll(), List.of(w48)));
    }

    @Test
    void aNameTakenWithAnotherBoundGetsTheBoundAsSuffix() {
        Partition odd = new Partition("p2026w48", epoch("2026-11-25T00:00:00Z"));

        List<PartitionSplit> splits = PartitionPlan.splits(
                layout("x", odd, catchAll()), layout("x_data", odd, catchAll()), NOW, Duration.ZERO);

        assertThat(splits.get(0).created())
                .containsExactly(
                        new Partition("p2026w48_" + epoch("2026-11-30T00:00:00Z"), epoch("2026-11-30T00:00:00Z")));
    }

    @Test
    void dropsAreThePairsThatEndedByTheCutoffAndNeverTheCatchAll() {
        Partition w47 = week("p2026w47", "2026-11-23");
        Partition w48 = week("p2026w48", "2026-11-30");
        Partition w49 = week("p2026w49", "2026-12-07");

        List<Drop> drops = PartitionPlan.drops(
                layout("x", w47, w48, w49, catchAll()),
                layout("x_data", w47, w48, w49, catchAll()),
                Instant.parse("2026-11-30T00:00:00Z"),
                false);

        assertThat(drops)
                .containsExactly(
                        new Drop(
                                range("x", "p2026w47", Instant.EPOCH, "2026-11-23"),
                                range("x_data", "p2026w47", Instant.EPOCH, "2026-11-23")),
                        new Drop(
                                range("x", "p2026w48", Instant.parse("2026-11-23T00:00:00Z"), "2026-11-30"),
                                range("x_data", "p2026w48", Instant.parse("2026-11-23T00:00:00Z"), "2026-11-30")));
        assertThat(PartitionPlan.drops(layout("x", catchAll()), layout("x_data", catchAll()), Instant.MAX, true))
                .isEmpty();
    }

    @Test
    void aPartitionWithoutATwinOfTheSameRangeIsNeverDropped() {
        Partition w47 = week("p2026w47", "2026-11-23");
        Partition w48 = week("p2026w48", "2026-11-30");

        List<Drop> drops = PartitionPlan.drops(
                layout("x", w47, w48, catchAll()),
                layout("x_data", w48, catchAll()),
                Instant.parse("2026-12-30T00:00:00Z"),
                true);

        assertThat(drops).isEmpty();
    }

    @Test
    void partitionsJobQueueDidNotNameAreDroppedOnlyWhenAdoptedOnesMayBe() {
        Partition seed = week("p202309_week1", "2023-09-04");
        Partition w47 = week("p2026w47", "2026-11-23");
        Partition w48 = week("p2026w48_1795996800", "2026-11-30");
        PartitionLayout jobs = layout("x", seed, w47, w48, catchAll());
        PartitionLayout jobsData = layout("x_data", seed, w47, w48, catchAll());
        Instant cutoff = Instant.parse("2026-12-30T00:00:00Z");

        assertThat(PartitionPlan.drops(jobs, jobsData, cutoff, false))
                .extracting(drop -> drop.jobs().partition())
                .containsExactly("p2026w47", "p2026w48_1795996800");
        assertThat(PartitionPlan.drops(jobs, jobsData, cutoff, true))
                .extracting(drop -> drop.jobs().partition())
                .containsExactly("p202309_week1", "p2026w47", "p2026w48_1795996800");
        assertThat(PartitionPlan.isAdopted("p_manual")).isTrue();
        assertThat(PartitionPlan.isAdopted("P2026W48")).isFalse();
        assertThat(PartitionPlan.isAdopted("pmax_maxvalue")).isFalse();
    }

    private static PartitionLayout layout(String table, Partition... partitions) {
        return new PartitionLayout(table, List.of(partitions));
    }

    private static PartitionLayout layout(String table, List<Partition> partitions) {
        return new PartitionLayout(table, partitions);
    }

    private static Partition catchAll() {
        return Partition.catchAll("pmax");
    }

    private static Partition week(String name, String nextMonday) {
        return new Partition(name, epoch(nextMonday + "T00:00:00Z"));
    }

    private static PartitionRange range(String table, String partition, Instant from, String to) {
        return new PartitionRange(table, partition, from, Instant.parse(to + "T00:00:00Z"));
    }
}
