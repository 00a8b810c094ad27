package dev.jobqueue.dashboard;

import dev.jobqueue.domain.JobCount;
import java.text.NumberFormat;
import java.util.Locale;

/** A capped count as the page shows it: {@code 42}, {@code 10,000+}. */
final class Counts {

    private Counts() {}

    static String text(JobCount count) {
        String number = NumberFormat.getIntegerInstance(Locale.ENGLISH).format(count.count());
        return count.capped() ? number + "+" : number;
    }
}
