package dev.jobqueue.testing;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.handler.JobListener;
import dev.jobqueue.handler.JobOutcome;
import dev.jobqueue.scheduling.JobScheduler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/** An application with a few handlers, as a user's would be, for the tests of this module. */
@SpringBootApplication
class TestApplication {

    static final JobType GREETING = JobType.of(1);
    static final JobType FLAKY = JobType.of(2);
    static final JobType INVALID = JobType.of(3);
    static final JobType SLOW_RETRY = JobType.of(4);
    static final JobType CHAIN = JobType.of(5);
    /** A type no handler of this application runs. */
    static final JobType UNHANDLED = JobType.of(9);

    /** The payload of every job of this application. */
    record Person(String name) {}

    /** What the handlers did: the payload and the thread of every call. */
    record Call(String handler, String payload, Thread thread, int attempt) {}

    @Component
    static class Handlers {

        final List<Call> calls = new CopyOnWriteArrayList<>();
        private final ObjectProvider<JobScheduler> scheduler;

        Handlers(ObjectProvider<JobScheduler> scheduler) {
            this.scheduler = scheduler;
        }

        @JobHandler(id = 1, name = "greeting")
        void greet(Person person, JobContext context) {
            calls.add(new Call("greeting", person.name(), Thread.currentThread(), context.attempt()));
        }

        /** Fails its first attempt; its retry has no delay. */
        @JobHandler(id = 2, name = "flaky")
        void flaky(Person person, JobContext context) {
            calls.add(new Call("flaky", person.name(), Thread.currentThread(), context.attempt()));
            String name = person.name();
            if (context.attempt() == 1) {
                throw new IllegalStateException("mail server busy for " + name);
            }
        }

        @JobHandler(id = 3, name = "invalid", nonRetryable = IllegalArgumentException.class)
        void invalid(Person person, JobContext context) {
            calls.add(new Call("invalid", person.name(), Thread.currentThread(), context.attempt()));
            String name = person.name();
            throw new IllegalArgumentException("not an address: " + name);
        }

        /** Fails its first attempt; its retry comes a second later. */
        @JobHandler(id = 4, name = "slow-retry")
        void slowRetry(Person person, JobContext context) {
            calls.add(new Call("slow-retry", person.name(), Thread.currentThread(), context.attempt()));
            String name = person.name();
            if (context.attempt() == 1) {
                throw new IllegalStateException("try again later, " + name);
            }
        }

        /** Schedules a greeting due at once. */
        @JobHandler(id = 5, name = "chain")
        void chain(Person person, JobContext context) {
            calls.add(new Call("chain", person.name(), Thread.currentThread(), context.attempt()));
            String name = person.name();
            scheduler.getObject().schedule(GREETING, new Person("after " + name));
        }

        List<Call> of(String payload) {
            return calls.stream().filter(call -> call.payload().equals(payload)).toList();
        }
    }

    /** The outcomes the queue told the application's listeners. */
    @Component
    static class Outcomes implements JobListener {

        final List<JobOutcome> succeeded = new CopyOnWriteArrayList<>();
        final List<JobOutcome> failed = new CopyOnWriteArrayList<>();
        final List<JobOutcome> exhausted = new CopyOnWriteArrayList<>();

        @Override
        public void succeeded(JobOutcome outcome) {
            succeeded.add(outcome);
        }

        @Override
        public void failed(JobOutcome outcome) {
            failed.add(outcome);
        }

        @Override
        public void exhausted(JobOutcome outcome) {
            exhausted.add(outcome);
        }
    }
}
