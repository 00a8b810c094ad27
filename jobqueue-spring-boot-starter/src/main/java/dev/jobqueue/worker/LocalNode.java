package dev.jobqueue.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;

/**
 * This process as a node of the queue: its id (host, process id and a random suffix, unique per
 * start), host name, process id and start time. Stored with failure reasons and in the node
 * registry.
 *
 * @since 0.2.0
 */
public record LocalNode(String id, String host, long pid, Instant startedAt) {

    /** This JVM, started now. */
    public static LocalNode current() {
        String host = hostName();
        long pid = ProcessHandle.current().pid();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new LocalNode(host + "/" + pid + "/" + suffix, host, pid, Instant.now());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
