package dev.jobqueue.reliability;

import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import java.time.Duration;

/** The handler of the worker application: it does what the job's {@link Script} says. */
class ScriptedHandlers {

    /** Job type of most jobs of the suite; a success completes its scheduled siblings of the same type. */
    static final int TYPE = 1;
    /** The same handler under a job type whose successes complete nothing by correlation. */
    static final int PLAIN_TYPE = 2;

    private final ExecutionAudit audit;

    ScriptedHandlers(ExecutionAudit audit) {
        this.audit = audit;
    }

    @JobHandler(id = TYPE, name = "scripted")
    void run(Script script, JobContext context) throws InterruptedException {
        follow(script, context);
    }

    @JobHandler(id = PLAIN_TYPE, name = "scripted-plain")
    void runPlain(Script script, JobContext context) throws InterruptedException {
        follow(script, context);
    }

    private void follow(Script script, JobContext context) throws InterruptedException {
        audit.started(context.id().value(), context.attempt());
        if (script.action().equals("reschedule")) {
            if (System.currentTimeMillis() < script.rescheduleUntil()) {
                context.rescheduleIn(Duration.ofMillis(200));
            }
            return;
        }
        if (script.sleepMillis() > 0 && (!script.sleepFirstAttemptOnly() || context.attempt() == 1)) {
            Thread.sleep(script.sleepMillis());
        }
        switch (script.action()) {
            case "succeed" -> {}
            case "halt" -> Runtime.getRuntime().halt(1);
            case "throw" -> throw new IllegalStateException("poison job " + context.id() + " fails every time");
            case "fail-first" -> {
                if (context.attempt() == 1) {
                    throw new IllegalStateException("job " + context.id() + " fails on its first attempt");
                }
            }
            case "decline" -> {
                context.declineRetry();
                throw new IllegalStateException("job " + context.id() + " declines any retry");
            }
            default -> throw new IllegalArgumentException("unknown action " + script.action());
        }
    }
}
