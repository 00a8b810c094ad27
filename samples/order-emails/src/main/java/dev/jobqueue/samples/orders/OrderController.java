package dev.jobqueue.samples.orders;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.scheduling.Jobs;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * REST: place orders, approve large ones, and look at their confirmation jobs. Refused input
 * is answered with a problem detail ({@link OrderProblems}).
 */
@RestController
class OrderController {

    record NewOrder(@Nullable String email, @Nullable BigDecimal total) {}

    record PlacedOrder(long id, String confirmationJob) {}

    private final OrderService orders;
    private final Jobs jobs;

    OrderController(OrderService orders, Jobs jobs) {
        this.orders = orders;
        this.jobs = jobs;
    }

    @PostMapping("/orders")
    ResponseEntity<PlacedOrder> place(@RequestBody NewOrder order) {
        PurchaseOrder placed = orders.place(order.email(), order.total());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new PlacedOrder(placed.getId(), placed.getConfirmationJob()));
    }

    @PostMapping("/orders/{id}/approve")
    ResponseEntity<Void> approve(@PathVariable long id) {
        if (!orders.approve(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + id);
        }
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/jobs/{id}")
    ResponseEntity<JobDetails> job(@PathVariable String id) {
        return jobs.find(JobId.parse(id))
                .map(ResponseEntity::ok)
                .orElse(ResponseEntity.notFound().build());
    }
}
