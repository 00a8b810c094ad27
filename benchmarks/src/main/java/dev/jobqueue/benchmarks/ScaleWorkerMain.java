package dev.jobqueue.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One worker process of the scale drain: a worker node of the starter at its defaults, paused
 * until its parent writes {@code GO} on its standard input, paused again on {@code PAUSE},
 * which it answers with {@link #PAUSED}, and paused and closed on {@code STOP}.
 * It prints {@link #READY} once its context has started. Not meant to be run by hand.
 */
public final class ScaleWorkerMain {

    static final String READY = "JOBQUEUE-SCALE-WORKER-READY";
    static final String PAUSED = "JOBQUEUE-SCALE-WORKER-PAUSED";
    static final String GO = "GO";
    static final String PAUSE = "PAUSE";
    static final String STOP = "STOP";

    private ScaleWorkerMain() {}

    /**
     * Runs the worker process.
     *
     * @param args the JDBC URL, user, password, base table name, worker count and node name
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("Usage: ScaleWorkerMain URL USER PASSWORD TABLE WORKERS NAME");
            System.exit(2);
        }
        try (StarterNode node = StarterNode.worker(
                args[5], args[0], args[1], args[2], args[3], Integer.parseInt(args[4]), null, Map.of())) {
            node.pause();
            System.out.println(READY);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals(GO)) {
                    node.resume();
                } else if (line.equals(PAUSE)) {
                    node.pause();
                    System.out.println(PAUSED);
                    System.out.flush();
                } else if (line.equals(STOP)) {
                    node.pause();
                    break;
                }
            }
        }
        System.exit(0);
    }
}
