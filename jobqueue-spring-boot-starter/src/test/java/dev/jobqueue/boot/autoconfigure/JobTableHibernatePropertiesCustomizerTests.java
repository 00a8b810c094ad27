package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.jobqueue.boot.autoconfigure.testapp.PrefixingNamingStrategy;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobTableNamingStrategy;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategy;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** The customizer wraps the application's strategy in whichever form Hibernate accepts it. */
class JobTableHibernatePropertiesCustomizerTests {

    private static final String KEY = "hibernate.physical_naming_strategy";

    private final JobTableHibernatePropertiesCustomizer customizer =
            new JobTableHibernatePropertiesCustomizer(TableName.of("orders"), new DefaultListableBeanFactory());

    @Test
    void mapsJobqueuesTablesToTheConfiguredName() {
        PhysicalNamingStrategy strategy = customized(new HashMap<>());

        assertThat(tableName(strategy, "jobs")).isEqualTo("orders");
        assertThat(tableName(strategy, "jobs_data")).isEqualTo("orders_data");
    }

    @Test
    void defaultsToBootsSnakeCaseStrategyWhenNoneIsConfigured() {
        assertThat(tableName(customized(new HashMap<>()), "CustomerOrder")).isEqualTo("customer_order");
    }

    @Test
    void wrapsAStrategyGivenAsAClassName() {
        Map<String, Object> properties = new HashMap<>(Map.of(KEY, PrefixingNamingStrategy.class.getName()));

        assertThat(tableName(customized(properties), "CustomerOrder")).isEqualTo("app_customer_order");
    }

    @Test
    void wrapsAStrategyGivenAsAClass() {
        Map<String, Object> properties = new HashMap<>(Map.of(KEY, PhysicalNamingStrategyStandardImpl.class));

        assertThat(tableName(customized(properties), "CustomerOrder")).isEqualTo("CustomerOrder");
    }

    @Test
    void wrapsAStrategyGivenAsAnInstance() {
        Map<String, Object> properties = new HashMap<>(Map.of(KEY, new PrefixingNamingStrategy()));

        PhysicalNamingStrategy strategy = customized(properties);

        assertThat(tableName(strategy, "Customer")).isEqualTo("app_customer");
        assertThat(tableName(strategy, "jobs")).isEqualTo("orders");
    }

    @Test
    void refusesAClassThatIsNotANamingStrategy() {
        Map<String, Object> properties = new HashMap<>(Map.of(KEY, String.class.getName()));

        assertThatIllegalStateException()
                .isThrownBy(() -> customizer.customize(properties))
                .withMessageContaining("java.lang.String, which is not a")
                .withMessageContaining("PhysicalNamingStrategy");
    }

    private PhysicalNamingStrategy customized(Map<String, Object> properties) {
        customizer.customize(properties);
        assertThat(properties.get(KEY)).isInstanceOf(JobTableNamingStrategy.class);
        return (PhysicalNamingStrategy) properties.get(KEY);
    }

    private static String tableName(PhysicalNamingStrategy strategy, String logicalName) {
        return strategy.toPhysicalTableName(Identifier.toIdentifier(logicalName), null)
                .getText();
    }
}
