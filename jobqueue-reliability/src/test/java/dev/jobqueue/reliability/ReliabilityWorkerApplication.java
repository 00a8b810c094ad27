package dev.jobqueue.reliability;

import dev.jobqueue.lifecycle.JobLifecycleCustomizer;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The worker process of the reliability suite: a Boot application with the jobqueue starter
 * and the {@link ScriptedHandlers}. {@link WorkerProcess} starts it as a separate JVM.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ReliabilityWorkerApplication {

    @Bean
    ScriptedHandlers scriptedHandlers(DataSource dataSource, @Value("${reliability.worker-name}") String name) {
        return new ScriptedHandlers(new ExecutionAudit(dataSource, name));
    }

    @Bean
    JobLifecycleCustomizer reliabilityLifecycle() {
        return ReliabilityLifecycle.customizer();
    }

    public static void main(String[] args) {
        SpringApplication.run(ReliabilityWorkerApplication.class, args);
    }
}
