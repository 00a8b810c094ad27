package dev.jobqueue.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every figure of one run, the targets met or missed, printed as a table and written as markdown. */
final class Report {

    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private final Map<String, String> sections = new LinkedHashMap<>();

    /**
     * One measured figure. {@code baseline} is NaN where the baseline has no equivalent; the
     * ratio is always starter ÷ baseline, so above 1 is better for throughput and worse for
     * latency.
     */
    record Figure(String scenario, String metric, String unit, double starter, double baseline, String detail) {

        double ratio() {
            return starter / baseline;
        }
    }

    /** A target of issue 7, what was measured for it, and when missed, why and what would close it. */
    record Verdict(String target, String measured, boolean met, String reason) {}

    void environment(String key, String value) {
        environment.put(key, value);
    }

    void setting(String key, Object value) {
        settings.put(key, String.valueOf(value));
    }

    void figure(String scenario, String metric, String unit, double starter, double baseline, String detail) {
        figures.add(new Figure(scenario, metric, unit, starter, baseline, detail));
    }

    void verdict(String target, String measured, boolean met, String reason) {
        verdicts.add(new Verdict(target, measured, met, reason));
    }

    /** A section of its own, written after the settings: its title and its markdown. */
    void section(String title, String markdown) {
        sections.put(title, markdown);
    }

    void note(String note) {
        notes.add(note);
    }

    /** A change to the production code that the figures call for, with the evidence. */
    void change(String change) {
        changes.add(change);
    }

    void print(PrintStream out) {
        out.println();
        out.println(String.format(
                Locale.ROOT, "%-34s %-46s %14s %14s %8s", "scenario", "metric", "starter", "baseline", "ratio"));
        out.println("-".repeat(120));
        for (Figure f : figures) {
            out.println(String.format(
                    Locale.ROOT,
                    "%-34s %-46s %14s %14s %8s",
                    f.scenario(),
                    f.metric() + " (" + f.unit() + ")",
                    number(f.starter()),
                    number(f.baseline()),
                    ratio(f)));
        }
        out.println();
        for (Verdict v : verdicts) {
            out.println((v.met() ? "MET     " : "MISSED  ") + v.target() + ": " + v.measured());
        }
        out.println();
    }

    void write(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Issues 7 and 19: throughput, latency, idle load and heap of the full starter, each against a plain"
                + " JDBC baseline measured in the same run on the same tables, and jobqueue side by side with"
                + " db-scheduler and JobRunr, run in the same JVM against the same server with the same jobs and"
                + " workers (`benchmarks/`, see [its README](../benchmarks/README.md)). Ratios are jobqueue ÷ the"
                + " other: above 1 is better for throughput, worse for latency. No figure comes from another run."
                + " This file is written by the benchmark; rerun it rather than editing the figures.\n\n");
        md.append("## Run\n\n");
        table(md, environment);
        md.append("\n## Settings\n\n");
        table(md, settings);
        sections.forEach(
                (title, body) -> md.append("\n## ").append(title).append("\n\n").append(body));
        md.append("\n## Targets\n\n| target | measured | result | reason when missed, and what would close it |\n");
        md.append("|---|---|---|---|\n");
        for (Verdict v : verdicts) {
            md.append("| ")
                    .append(v.target())
                    .append(" | ")
                    .append(v.measured())
                    .append(" | ")
                    .append(v.met() ? "met" : "**missed**")
                    .append(" | ")
                    .append(v.reason())
                    .append(" |\n");
        }
        if (!changes.isEmpty()) {
            md.append("\n## Changes the figures call for\n\n");
            for (int i = 0; i < changes.size(); i++) {
                md.append(i + 1).append(". ").append(changes.get(i)).append('\n');
            }
        }
        md.append("\n## Figures\n\n| scenario | metric | starter | baseline | ratio | detail |\n");
        md.append("|---|---|---:|---:|---:|---|\n");
        for (Figure f : figures) {
            md.append("| ")
                    .append(f.scenario())
                    .append(" | ")
                    .append(f.metric())
                    .append(" (")
                    .append(f.unit())
                    .append(") | ")
                    .append(number(f.starter()))
                    .append(" | ")
                    .append(number(f.baseline()))
                    .append(" | ")
                    .append(ratio(f))
                    .append(" | ")
                    .append(f.detail())
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, md.toString());
    }

    private static void table(StringBuilder md, Map<String, String> rows) {
        md.append("| | |\n|---|---|\n");
        rows.forEach((key, value) ->
                md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ratio(Figure f) {
        double ratio = f.ratio();
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
