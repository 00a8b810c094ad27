package dev.jobqueue.samples.orders;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.persistence.JobDetails;
import dev.jobqueue.persistence.JobQueue;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** REST: place orders, approve large ones, and look at their confirmation jobs. */
@RestController
class OrderController {

    record NewOrder(String email, BigDecimal total) {
    }

    record PlacedOrder(long id, String confirmationJob) {
    }

    private final OrderService orders;
    private final JobQueue queue;

    OrderController(OrderService orders, JobQueue queue) {
        this.orders = orders;
        this.queue = queue;
    }

    @PostMapping("/orders")
    ResponseEntity<PlacedOrder> place(@RequestBody NewOrder order) {
        if (order.email() == null || order.total() == null) {
            throw new IllegalArgumentException("email and total are required");
        }
        PurchaseOrder placed = orders.place(order.email(), order.total());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new PlacedOrder(placed.getId(), placed.getConfirmationJob()));
    }

    @PostMapping("/orders/{id}/approve")
    ResponseEntity<Void> approve(@PathVariable long id) {
        orders.approve(id);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/jobs/{id}")
    ResponseEntity<JobDetails> job(@PathVariable String id) {
        return queue.details(JobId.parse(id)).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    @ExceptionHandler({ IllegalArgumentException.class, InvalidJobInputException.class })
    ResponseEntity<Map<String, String>> badRequest(RuntimeException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
