package dev.jobqueue.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs the same work on a few threads and waits for all of them; the first failure is rethrown. */
final class Parallel {

    private Parallel() {}

    /** The work of one thread, told its index. */
    @FunctionalInterface
    interface Task {
        void run(int thread) throws Exception;
    }

    static void run(int threads, String name, Task task) throws InterruptedException {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(
                    () -> {
                        try {
                            task.run(index);
                        } catch (Exception | Error e) {
                            failures.add(e);
                        }
                    },
                    name + "-" + t);
            started.add(thread);
            thread.start();
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(name + " failed", failures.get(0));
        }
    }
}
