package dev.jobqueue.handler;

/**
 * The keys jobqueue puts in the logging MDC (SLF4J) while a {@code @JobHandler} method runs, on
 * the handler's thread, and removes after it returned or threw: every log line of a handler can
 * name its job, e.g. with Logback's {@code %X{jobqueue.jobId}} or Boot's
 * {@code logging.pattern.correlation}. A key the handler's thread had before keeps its value
 * after the run.
 *
 * @since 0.2.0
 */
public final class JobMdcKeys {

    /** The job's id (a ULID). */
    public static final String JOB_ID = "jobqueue.jobId";

    /** The name of the job's type, as its {@code @JobHandler} declares it. */
    public static final String JOB_TYPE = "jobqueue.jobType";

    /** The job's tenant, 0..255. */
    public static final String TENANT = "jobqueue.tenant";

    /** Which run of its retry group this is, 1 for the first. */
    public static final String ATTEMPT = "jobqueue.attempt";

    /** The job's correlation id; absent for a job without one. */
    public static final String CORRELATION_ID = "jobqueue.correlationId";

    private JobMdcKeys() {}
}
