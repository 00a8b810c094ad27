package dev.jobqueue.boot.autoconfigure.testapp;

import org.springframework.data.jpa.repository.JpaRepository;

/** An application's own repository, found by Boot's repository scanning. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {}
