package dev.jobqueue.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * A {@link SpringBootTest} of an application that uses jobqueue, on a real database and with
 * its workers stopped, so that the test decides when jobs run:
 *
 * <ul>
 *   <li>The database is a schema of its own, created for the application context and dropped
 *       when it closes, on the server that {@code JOBQUEUE_TEST_JDBC_URL} names (user
 *       {@code JOBQUEUE_TEST_JDBC_USER}, default root; password {@code JOBQUEUE_TEST_JDBC_PASSWORD},
 *       default empty), else on an embedded MariaDB started once per test JVM. A test class that
 *       declares a Testcontainers container with {@code @ServiceConnection} runs on that
 *       container instead, and so does a test that sets {@code spring.datasource.url} in
 *       {@link #properties()}.
 *   <li>{@code jobqueue.worker.auto-startup} is {@code false}: no job runs until the test calls
 *       {@link JobQueueTestRunner#runDue()} or {@link JobQueueTestRunner#awaitAllDone}. Set it to
 *       {@code true} in {@link #properties()} to have the workers run in the background as in
 *       production; {@code awaitAllDone} then waits for them.
 *   <li>The application context holds a {@link JobQueueTestRunner} to autowire.
 * </ul>
 *
 * <pre>{@code
 * @JobQueueTest
 * class OrderTests {
 *     @Autowired OrderService orders;
 *     @Autowired JobQueueTestRunner runner;
 *
 *     @Test
 *     void anOrderIsConfirmed() {
 *         JobId confirmation = orders.place("ada@example.com", new BigDecimal("25.00"));
 *         runner.runDue();
 *         runner.assertThatJob(confirmation).isDone();
 *     }
 * }
 * }</pre>
 *
 * Use it instead of {@code @SpringBootTest}, not beside it. Test classes with the same
 * attributes share one application context, and so one schema: a test that counts jobs should
 * count its own (by correlation id, retry group or the ids it scheduled).
 *
 * @since 0.2.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
public @interface JobQueueTest {

    /**
     * Properties in the form {@code key=value} added to the environment before the application
     * starts, as {@link SpringBootTest#properties()}.
     */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    /** The component classes of the application context, as {@link SpringBootTest#classes()}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
    Class<?>[] classes() default {};

    /** The web environment, as {@link SpringBootTest#webEnvironment()}; a mock one by default. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;
}
