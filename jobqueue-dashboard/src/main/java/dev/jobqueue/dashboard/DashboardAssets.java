package dev.jobqueue.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves htmx from its WebJar under the dashboard's path ({@code <path>/assets/htmx.min.js}), so
 * the pages load nothing from another host and the dashboard's security rules cover it.
 */
@Configuration(proxyBeanMethods = false)
class DashboardAssets implements WebMvcConfigurer {

    private static final String HTMX_POM = "META-INF/maven/org.webjars.npm/htmx.org/pom.properties";

    private final DashboardPath path;

    DashboardAssets(DashboardPath path) {
        this.path = path;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(path.value() + "/assets/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/htmx.org/" + htmxVersion() + "/dist/");
    }

    static String htmxVersion() {
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(HTMX_POM)) {
            if (in == null) {
                throw new IllegalStateException("The htmx WebJar (org.webjars.npm:htmx.org) is not on the classpath;"
                        + " the jobqueue dashboard needs it");
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
