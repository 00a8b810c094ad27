package dev.jobqueue.boot.autoconfigure.testapp;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An application's own entity, mapped to {@code customer} by Boot's default naming strategy. */
@Entity
public class Customer {

    @Id
    private Long id;

    private String fullName;

    protected Customer() {}

    public Customer(Long id, String fullName) {
        this.id = id;
        this.fullName = fullName;
    }

    public Long getId() {
        return id;
    }

    public String getFullName() {
        return fullName;
    }
}
