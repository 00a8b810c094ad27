package dev.jobqueue.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM and by the database server, read from {@code /proc}, so that
 * a run can say where the time of a 2-core machine went: the embedded server (a child process),
 * or the {@code mariadbd}/{@code mysqld} of this machine when the URL names the loopback. The
 * server's is NaN when it is on another machine or there is no {@code /proc}.
 */
final class CpuClock {

    private static final double TICKS_PER_SECOND = 100.0;

    private CpuClock() {}

    static double jvmSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    static double databaseSeconds(BenchDatabase db) {
        Stream<ProcessHandle> candidates = db.embedded()
                ? ProcessHandle.current().descendants()
                : onLoopback(db.url()) ? ProcessHandle.allProcesses() : Stream.empty();
        return candidates
                .filter(CpuClock::isServer)
                .mapToDouble(CpuClock::procSeconds)
                .reduce(Double::sum)
                .orElse(Double.NaN);
    }

    /** Where the database CPU comes from, for the report. */
    static String databaseSource(BenchDatabase db) {
        if (db.embedded()) {
            return "the embedded server's process (/proc)";
        }
        if (onLoopback(db.url()) && ProcessHandle.allProcesses().anyMatch(CpuClock::isServer)) {
            return "this machine's mariadbd/mysqld process (/proc)";
        }
        return "not measured (the server is not on this machine)";
    }

    private static boolean isServer(ProcessHandle process) {
        return process.info()
                .command()
                .map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld"))
                .orElse(false);
    }

    private static boolean onLoopback(String url) {
        return url.contains("//127.0.0.1") || url.contains("//localhost") || url.contains("//[::1]");
    }

    /** utime + stime of a process, fields 14 and 15 of /proc/PID/stat (after the command in parentheses). */
    private static double procSeconds(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
