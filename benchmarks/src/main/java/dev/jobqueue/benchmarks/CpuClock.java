package dev.jobqueue.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM and by the embedded database server (a child process, read
 * from {@code /proc}), so that a run can say where the time of a 2-core machine went. The
 * server's is NaN when it is not a child of this JVM or there is no {@code /proc}.
 */
final class CpuClock {

    private static final double TICKS_PER_SECOND = 100.0;

    private CpuClock() {}

    static double jvmSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    static double databaseSeconds() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld"))
                        .orElse(false))
                .mapToDouble(CpuClock::procSeconds)
                .reduce(Double::sum)
                .orElse(Double.NaN);
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
