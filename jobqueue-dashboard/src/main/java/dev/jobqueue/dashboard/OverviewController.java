package dev.jobqueue.dashboard;

import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.scheduling.QueueOverview;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The overview: each queue's due, later, running, done and failed jobs, its throughput and lag,
 * and the pauses in force. The table reloads itself every few seconds while the page is visible.
 */
@Controller
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}")
class OverviewController {

    /** The windows offered for finished jobs, by the label the page shows. */
    static final Map<String, Duration> WINDOWS = Map.of(
            "15m",
            Duration.ofMinutes(15),
            "1h",
            Duration.ofHours(1),
            "24h",
            Duration.ofDays(1),
            "7d",
            Duration.ofDays(7));

    private final QueueOverview overview;
    private final Jobs jobs;
    private final Clock clock = Clock.systemUTC();

    OverviewController(QueueOverview overview, Jobs jobs) {
        this.overview = overview;
        this.jobs = jobs;
    }

    @GetMapping({"", "/"})
    String page(@RequestParam(defaultValue = "1h") String window, Model model) {
        fill(window, model);
        return "jobqueue/overview";
    }

    /** The login form, which Spring Security's form login of the dashboard shows (and checks the POST of). */
    @GetMapping("/login")
    String login() {
        return "jobqueue/login";
    }

    @GetMapping("/overview/queues")
    String queues(@RequestParam(defaultValue = "1h") String window, Model model) {
        fill(window, model);
        return "jobqueue/overview :: queues";
    }

    private void fill(String window, Model model) {
        Duration length = WINDOWS.getOrDefault(window, Duration.ofHours(1));
        Instant now = clock.instant();
        List<PausedQueue> paused = jobs.paused();
        List<Row> rows = overview.queues(length).stream()
                .map(queue -> new Row(
                        queue,
                        Durations.text(queue.lag(now)),
                        perMinute(queue.done() + queue.failed(), length),
                        pauseOf(queue, paused)))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("paused", paused);
        model.addAttribute("window", WINDOWS.containsKey(window) ? window : "1h");
        model.addAttribute("windows", List.of("15m", "1h", "24h", "7d"));
        model.addAttribute("now", now);
    }

    private static String perMinute(long jobs, Duration window) {
        return String.format(java.util.Locale.ROOT, "%.1f", jobs * 60.0 / window.toSeconds());
    }

    private static @Nullable PausedQueue pauseOf(QueueOverview.Queue queue, List<PausedQueue> paused) {
        return paused.stream()
                .filter(pause -> pause.covers(queue.type(), queue.tenant()))
                .findFirst()
                .orElse(null);
    }

    /** One queue as the table shows it. */
    record Row(
            QueueOverview.Queue queue,
            String lag,
            String perMinute,
            @Nullable PausedQueue pause) {}
}
