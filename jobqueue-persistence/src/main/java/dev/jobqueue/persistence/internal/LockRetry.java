package dev.jobqueue.persistence.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a transaction again when it lost a deadlock or timed out waiting for a lock: InnoDB
 * rolled it back whole, so running it again is safe. A deadlock error at commit (a Galera
 * certification conflict) counts too, as long as the transaction manager translates commit
 * errors ({@code JdbcTransactionManager} does). Bounded, with a short random pause.
 * Inside a caller's transaction nothing is retried: the caller's work was rolled back too.
 * Other errors are never retried: after a lost connection nobody knows whether the commit
 * happened, and running an insert again could schedule a job twice. Counts the retries and
 * the operations that gave up, for {@link JobQueue#lockContention()}.
 */
final class LockRetry {

    private static final Logger LOGGER = LoggerFactory.getLogger(LockRetry.class);

    private final int retries;
    private final LongAdder retried = new LongAdder();
    private final LongAdder exhausted = new LongAdder();

    LockRetry(int retries) {
        this.retries = retries;
    }

    <T extends @Nullable Object> T run(String operation, Supplier<T> transaction) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return transaction.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (PessimisticLockingFailureException e) {
                if (attempt > retries) {
                    exhausted.increment();
                    LOGGER.warn(
                            "{} lost a lock {} times in a row ({}: {}); giving up: nothing was changed and the"
                                    + " caller gets the error",
                            operation,
                            attempt,
                            e.getClass().getSimpleName(),
                            e.getMostSpecificCause().getMessage());
                    throw e;
                }
                retried.increment();
                LOGGER.debug(
                        "{} lost a lock ({}: {}); retrying, attempt {} of {}",
                        operation,
                        e.getClass().getSimpleName(),
                        e.getMostSpecificCause().getMessage(),
                        attempt,
                        retries);
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 5_000_000L * attempt));
            }
        }
    }

    LockContention contention() {
        return new LockContention(retried.sum(), exhausted.sum());
    }
}
