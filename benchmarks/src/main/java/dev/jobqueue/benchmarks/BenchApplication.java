package dev.jobqueue.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application every node of the benchmark runs: all auto-configurations on the
 * classpath (jobqueue's among them), one no-op handler, and a meter registry for whatever
 * meters the starter registers.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BenchApplication {

    @Bean
    NoopHandler noopHandler() {
        return new NoopHandler();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
