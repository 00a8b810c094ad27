package dev.jobqueue.dashboard;

import java.time.Duration;

/** Durations as people read them: {@code 0s}, {@code 42s}, {@code 5m 3s}, {@code 2h 10m}, {@code 3d 4h}. */
final class Durations {

    private Durations() {}

    static String text(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }
}
