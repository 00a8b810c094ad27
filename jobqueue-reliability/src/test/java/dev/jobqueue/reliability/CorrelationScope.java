package dev.jobqueue.reliability;

/**
 * Which scheduled siblings a job type's success completes ({@code jobqueue.types.<name>.complete-correlated},
 * issue #12): none (the default), those of the same tenant and job type, or those of the same
 * tenant and any type. NULL, {@code ''} and blank correlation ids never correlate.
 */
enum CorrelationScope {
    NONE, TYPE, TENANT
}
