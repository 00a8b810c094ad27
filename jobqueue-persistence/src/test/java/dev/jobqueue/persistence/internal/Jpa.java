package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.TableName;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

/** Builds a Hibernate EntityManagerFactory over one queue's tables, validating the schema. */
final class Jpa {

    private Jpa() {}

    static EntityManagerFactory entityManagerFactory(DataSource dataSource, TableName table) {
        return entityManagerFactory(dataSource, table, Map.of());
    }

    /** As {@link #entityManagerFactory(DataSource, TableName)}, with more Hibernate properties. */
    static EntityManagerFactory entityManagerFactory(
            DataSource dataSource, TableName table, Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("hibernate.hbm2ddl.auto", "validate");
        all.put("hibernate.physical_naming_strategy", new JobTableNamingStrategy(table));
        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setDataSource(dataSource);
        factory.setPackagesToScan("dev.jobqueue.domain");
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factory.setPersistenceUnitName("jobqueue-" + table.base());
        factory.setJpaPropertyMap(all);
        factory.afterPropertiesSet();
        return factory.getObject();
    }
}
