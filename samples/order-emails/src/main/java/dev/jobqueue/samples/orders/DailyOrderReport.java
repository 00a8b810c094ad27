package dev.jobqueue.samples.orders;

import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.recurring.MissedRuns;
import dev.jobqueue.recurring.Recurring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A recurring job: every weekday at 07:00 Berlin time, one job (however many instances of the
 * sample run) logs how many orders there are. When every instance was down at 07:00, the report
 * runs once at the next start ({@link MissedRuns#ONCE}).
 */
@Component
class DailyOrderReport {

    private static final Logger LOGGER = LoggerFactory.getLogger(DailyOrderReport.class);

    private final PurchaseOrderRepository orders;

    DailyOrderReport(PurchaseOrderRepository orders) {
        this.orders = orders;
    }

    @JobHandler(id = 2, name = "daily-order-report")
    @Recurring(cron = "0 0 7 * * MON-FRI", zone = "Europe/Berlin", missed = MissedRuns.ONCE)
    void report() {
        LOGGER.info("Daily order report: {} orders so far", orders.count());
    }
}
