package dev.jobqueue.samples.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** An order, in the application's own table. */
@Entity
@Table(name = "purchase_orders")
public class PurchaseOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String email;

    @Column(nullable = false)
    private BigDecimal total;

    @Column(name = "confirmation_job")
    private String confirmationJob;

    protected PurchaseOrder() {}

    PurchaseOrder(String email, BigDecimal total) {
        this.email = email;
        this.total = total;
    }

    public Long getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public BigDecimal getTotal() {
        return total;
    }

    public String getConfirmationJob() {
        return confirmationJob;
    }

    void setConfirmationJob(String confirmationJob) {
        this.confirmationJob = confirmationJob;
    }
}
