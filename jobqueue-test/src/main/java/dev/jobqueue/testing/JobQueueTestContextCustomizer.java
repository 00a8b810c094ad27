package dev.jobqueue.testing;

import dev.jobqueue.test.TestDatabase;
import dev.jobqueue.test.TestSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Stops the workers from starting on their own, gives the context a schema of its own unless the
 * test brings a database, and registers the {@link JobQueueTestRunner}. Its properties rank below
 * the test's own ({@code properties}, {@code @TestPropertySource}, {@code @DynamicPropertySource})
 * and above the application's configuration files, so a production {@code spring.datasource.url}
 * in {@code application.yml} is never used by a test.
 *
 * @param provideDatabase false when the test class declares a {@code @ServiceConnection} container
 */
record JobQueueTestContextCustomizer(boolean provideDatabase) implements ContextCustomizer {

    static final String PROPERTY_SOURCE = "jobqueueTest";
    static final String SCHEMA_BEAN = "jobQueueTestSchema";
    private static final String DATASOURCE_URL = "spring.datasource.url";
    private static final Logger LOGGER = LoggerFactory.getLogger(JobQueueTestContextCustomizer.class);

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ConfigurableEnvironment environment = context.getEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("jobqueue.worker.auto-startup", "false");
        if (provideDatabase && !setByTheTest(sources)) {
            TestSchema schema =
                    TestDatabase.createSchema(mergedConfig.getTestClass().getSimpleName());
            properties.put(DATASOURCE_URL, schema.jdbcUrl());
            properties.put("spring.datasource.username", schema.user());
            properties.put("spring.datasource.password", schema.password());
            context.getBeanFactory().registerSingleton(SCHEMA_BEAN, schema);
            if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
                // Registered before any other bean, so destroyed after all of them (the pools included).
                registry.registerDisposableBean(SCHEMA_BEAN, () -> drop(schema));
            }
        }
        MapPropertySource ours = new MapPropertySource(PROPERTY_SOURCE, properties);
        String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
        if (sources.contains(inlined)) {
            sources.addAfter(inlined, ours);
        } else {
            sources.addFirst(ours);
        }
        if (context instanceof BeanDefinitionRegistry registry) {
            registry.registerBeanDefinition("jobQueueTestRunner", new RootBeanDefinition(JobQueueTestRunner.class));
        }
    }

    /** Whether the test's own properties name a database: it then runs on that one. */
    private static boolean setByTheTest(MutablePropertySources sources) {
        PropertySource<?> inlined = sources.get(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME);
        return inlined != null && inlined.containsProperty(DATASOURCE_URL);
    }

    private static void drop(TestSchema schema) {
        try {
            schema.close();
        } catch (RuntimeException e) {
            // At JVM exit the embedded server may have stopped first: its data folder is removed anyway.
            LOGGER.debug("Could not drop test schema {}", schema.name(), e);
        }
    }
}
