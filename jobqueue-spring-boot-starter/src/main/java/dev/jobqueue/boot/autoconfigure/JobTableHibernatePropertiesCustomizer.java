package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobTableNamingStrategy;
import java.util.Map;
import org.hibernate.boot.model.naming.PhysicalNamingStrategy;
import org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl;
import org.hibernate.cfg.MappingSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Wraps the physical naming strategy the application configured, whatever its form, in a
 * {@link JobTableNamingStrategy}, so that jobqueue's entities map to the configured tables.
 * Runs last among the customizers, so it wraps what the others chose.
 */
final class JobTableHibernatePropertiesCustomizer implements HibernatePropertiesCustomizer, Ordered {

    private final TableName table;
    private final BeanFactory beanFactory;

    JobTableHibernatePropertiesCustomizer(TableName table, BeanFactory beanFactory) {
        this.table = table;
        this.beanFactory = beanFactory;
    }

    @Override
    public void customize(Map<String, Object> hibernateProperties) {
        Object configured = hibernateProperties.get(MappingSettings.PHYSICAL_NAMING_STRATEGY);
        hibernateProperties.put(
                MappingSettings.PHYSICAL_NAMING_STRATEGY, new JobTableNamingStrategy(table, delegate(configured)));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Hibernate accepts an instance, a class or a class name; Boot's default is the snake-case one. */
    private PhysicalNamingStrategy delegate(@Nullable Object configured) {
        if (configured == null) {
            return new PhysicalNamingStrategySnakeCaseImpl();
        }
        if (configured instanceof PhysicalNamingStrategy strategy) {
            return strategy;
        }
        Class<?> type = configured instanceof Class<?> configuredType
                ? configuredType
                : ClassUtils.resolveClassName(configured.toString().trim(), classLoader());
        if (!PhysicalNamingStrategy.class.isAssignableFrom(type)) {
            throw new IllegalStateException(MappingSettings.PHYSICAL_NAMING_STRATEGY + " names " + type.getName()
                    + ", which is not a " + PhysicalNamingStrategy.class.getName());
        }
        return (PhysicalNamingStrategy) BeanUtils.instantiateClass(type);
    }

    private @Nullable ClassLoader classLoader() {
        return beanFactory instanceof ConfigurableBeanFactory configurable
                ? configurable.getBeanClassLoader()
                : ClassUtils.getDefaultClassLoader();
    }
}
