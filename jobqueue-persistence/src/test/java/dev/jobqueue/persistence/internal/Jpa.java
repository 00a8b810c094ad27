package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.TableName;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

/** Builds a Hibernate EntityManagerFactory over one queue's tables, validating the schema. */
final class Jpa {

    private Jpa() {
    }

    static EntityManagerFactory entityManagerFactory(DataSource dataSource, TableName table) {
        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setDataSource(dataSource);
        factory.setPackagesToScan("dev.jobqueue.domain");
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factory.setPersistenceUnitName("jobqueue-" + table.base());
        factory.setJpaPropertyMap(Map.of(
                "hibernate.hbm2ddl.auto", "validate",
                "hibernate.physical_naming_strategy", new JobTableNamingStrategy(table)));
        factory.afterPropertiesSet();
        return factory.getObject();
    }
}
