package dev.jobqueue.samples.orders;

import static org.springframework.security.config.Customizer.withDefaults;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may see what. Actuator endpoints need an operator login (HTTP Basic), except health,
 * which shows its status to anyone and its details only to the operator
 * ({@code management.endpoint.health.show-details: when-authorized}). The dashboard at
 * {@code /jobqueue} brings its own filter chain: the operator acts on jobs, the viewer only looks.
 * The order API stays open, as a demo's API is.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String OPERATOR = "OPERATOR";
    static final String DASHBOARD_OPERATOR = "JOBQUEUE_OPERATOR";
    static final String DASHBOARD_VIEWER = "JOBQUEUE_VIEWER";

    private static final Logger LOGGER = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    @Order(1)
    SecurityFilterChain actuator(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(requests -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
                        .permitAll()
                        .anyRequest()
                        .hasRole(OPERATOR))
                .httpBasic(withDefaults())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // why: Basic credentials are sent by the client on every request, never by a browser's cookie
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // why: the JSON API uses no session or cookie, so there is nothing for a forged request to ride on
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * The operator, whose password comes from {@code sample.operator.password} (or the
     * environment variable {@code SAMPLE_OPERATOR_PASSWORD}), and the dashboard's viewer, whose
     * password comes from {@code sample.viewer.password} ({@code SAMPLE_VIEWER_PASSWORD}); without
     * one, that user does not exist, and without either the protected endpoints and the dashboard
     * stay closed.
     */
    @Bean
    UserDetailsService operators(
            @Value("${sample.operator.password:}") String password,
            @Value("${sample.viewer.password:}") String viewerPassword) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        if (password.isBlank()) {
            LOGGER.info("No operator password set (sample.operator.password or SAMPLE_OPERATOR_PASSWORD):"
                    + " the actuator endpoints other than health and the dashboard's actions are closed");
        } else {
            users.createUser(User.withUsername("operator")
                    .password(encoder.encode(password))
                    .roles(OPERATOR, DASHBOARD_OPERATOR)
                    .build());
        }
        if (!viewerPassword.isBlank()) {
            users.createUser(User.withUsername("viewer")
                    .password(encoder.encode(viewerPassword))
                    .roles(DASHBOARD_VIEWER)
                    .build());
        }
        return users;
    }
}
