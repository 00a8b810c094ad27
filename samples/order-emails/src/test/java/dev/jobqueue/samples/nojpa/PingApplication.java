package dev.jobqueue.samples.nojpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A web application whose only JPA and Liquibase are the queue's (see the clean-start test). */
@SpringBootApplication
class PingApplication {}
