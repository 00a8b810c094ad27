package dev.jobqueue.samples.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Order confirmation e-mails, sent by jobqueue workers. */
@SpringBootApplication
public class OrderEmailsApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderEmailsApplication.class, args);
    }
}
