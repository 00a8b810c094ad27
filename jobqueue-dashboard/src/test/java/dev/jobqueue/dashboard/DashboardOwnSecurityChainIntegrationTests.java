package dev.jobqueue.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * An application's own {@code jobqueueDashboardSecurityFilterChain} replaces the dashboard's: here
 * one that lets anyone read, where the dashboard's own chain asks for a login (401 or the login
 * form), and the dashboard adds no second chain.
 */
@ExtendWith(TestDatabaseExtension.class)
class DashboardOwnSecurityChainIntegrationTests {

    @Test
    void anApplicationsChainOfTheSameNameReplacesTheDashboards(TestSchema schema) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        DashboardTestApplication.class, OwnChain.class)
                .properties(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password(),
                        "spring.jpa.open-in-view=false",
                        "server.port=0",
                        "jobqueue.table=dashown",
                        "jobqueue.dashboard.enabled=true",
                        "jobqueue.worker.enabled=false")
                .run()) {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
                    .apply(springSecurity())
                    .build();

            mvc.perform(get("/jobqueue/nodes")).andExpect(status().isOk());

            assertThat(context.getBeanFactory()
                            .getBeanDefinition("jobqueueDashboardSecurityFilterChain")
                            .getFactoryBeanName())
                    .endsWith("OwnChain");
            assertThat(context.getBeansOfType(SecurityFilterChain.class)).hasSize(1);
        }
    }

    /** The application's own chain for the dashboard's path: anyone may read. */
    @Configuration(proxyBeanMethods = false)
    static class OwnChain {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE + 50)
        SecurityFilterChain jobqueueDashboardSecurityFilterChain(HttpSecurity http) throws Exception {
            http.securityMatcher("/jobqueue", "/jobqueue/**")
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
    }
}
