package dev.jobqueue.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves htmx and Mermaid from their WebJars under the dashboard's path ({@code
 * <path>/assets/htmx.min.js}, {@code <path>/assets/mermaid/mermaid.min.js}), so the pages load
 * nothing from another host and the dashboard's security rules cover them.
 */
@Configuration(proxyBeanMethods = false)
class DashboardAssets implements WebMvcConfigurer {

    private static final String HTMX = "htmx.org";
    private static final String MERMAID = "mermaid";

    private final DashboardPath path;

    DashboardAssets(DashboardPath path) {
        this.path = path;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(path.value() + "/assets/mermaid/**").addResourceLocations(dist(MERMAID));
        registry.addResourceHandler(path.value() + "/assets/**").addResourceLocations(dist(HTMX));
    }

    private static String dist(String webJar) {
        return "classpath:/META-INF/resources/webjars/" + webJar + "/" + version(webJar) + "/dist/";
    }

    private static String version(String webJar) {
        String pomProperties = "META-INF/maven/org.webjars.npm/" + webJar + "/pom.properties";
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(pomProperties)) {
            if (in == null) {
                throw new IllegalStateException("The WebJar org.webjars.npm:" + webJar + " is not on the classpath;"
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
