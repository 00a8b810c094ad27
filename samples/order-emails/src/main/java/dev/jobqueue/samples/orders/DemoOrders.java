package dev.jobqueue.samples.orders;

import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Places a few orders at startup so the log shows what jobqueue does: a confirmation sent
 * at once, one retried after a busy mail server, one failed for good, and one waiting for
 * approval.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.demo-orders", matchIfMissing = true)
class DemoOrders implements ApplicationRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(DemoOrders.class);

    private final OrderService orders;

    DemoOrders(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public void run(ApplicationArguments args) {
        LOGGER.info("Placing demo orders; try: curl -X POST localhost:8080/orders -H 'Content-Type: application/json'"
                + " -d '{\"email\":\"you@example.com\",\"total\":42}'");
        orders.place("ada@example.com", new BigDecimal("25.00"));
        orders.place("grace@flaky.example", new BigDecimal("80.00"));
        orders.place("not-an-address", new BigDecimal("10.00"));
        PurchaseOrder large = orders.place("linus@example.com", new BigDecimal("5000.00"));
        LOGGER.info("Approve the large order with: curl -X POST localhost:8080/orders/{}/approve", large.getId());
    }
}
