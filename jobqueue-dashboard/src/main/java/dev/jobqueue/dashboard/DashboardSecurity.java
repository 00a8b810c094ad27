package dev.jobqueue.dashboard;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security is present: the viewer role reads, the operator role reads and acts. The chain
 * matches only the dashboard's path and comes before the application's own chains; CSRF
 * protection stays on (Spring Security's default), so every action is a form POST with its token.
 * An application replaces the chain with a bean of its own of the same name,
 * {@code jobqueueDashboardSecurityFilterChain}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.security.web.SecurityFilterChain")
class DashboardSecurity {

    @Bean
    DashboardAccess jobqueueDashboardAccess(DashboardProperties properties) {
        return DashboardAccess.roles(properties.getOperatorRole());
    }

    @Bean
    @ConditionalOnMissingBean(name = "jobqueueDashboardSecurityFilterChain")
    @Order(Ordered.HIGHEST_PRECEDENCE + 50)
    SecurityFilterChain jobqueueDashboardSecurityFilterChain(
            HttpSecurity http, DashboardProperties properties, DashboardPath path) throws Exception {
        String viewer = properties.getViewerRole();
        String operator = properties.getOperatorRole();
        String login = path.value() + "/login";
        http.securityMatcher(path.value(), path.value() + "/**")
                .authorizeHttpRequests(requests -> requests.requestMatchers(login, path.value() + "/assets/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, path.value(), path.value() + "/**")
                        .hasAnyRole(viewer, operator)
                        .anyRequest()
                        .hasRole(operator))
                // A browser is sent to the dashboard's login form, a client such as curl gets a Basic challenge.
                .formLogin(
                        form -> form.loginPage(login).loginProcessingUrl(login).defaultSuccessUrl(path.value()))
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }
}
