package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.Job;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobDataRepository;
import dev.jobqueue.persistence.internal.JobRepository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.hibernate.engine.spi.SessionImplementor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;
import org.springframework.data.repository.Repository;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * Maps jobqueue's entities into the application's JPA persistence unit and exposes
 * {@link JobRepository} and {@link JobDataRepository}.
 *
 * <ul>
 *   <li>The entities' package {@code dev.jobqueue.domain} is registered as an
 *       auto-configuration package, so Boot scans it next to the application's own. An
 *       application that declares {@code @EntityScan} replaces those packages and must list
 *       {@code dev.jobqueue.domain} there too.
 *   <li>The entities' tables are renamed to {@code jobqueue.table} by wrapping the
 *       application's physical naming strategy; every other name is left to that strategy.
 *   <li>The repositories are built directly rather than through {@code @EnableJpaRepositories},
 *       which would switch off Boot's scanning for the application's own repositories.
 * </ul>
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = HibernateJpaAutoConfiguration.class)
@AutoConfigurationPackage(basePackageClasses = Job.class)
@ConditionalOnClass({
    LocalContainerEntityManagerFactoryBean.class,
    EntityManager.class,
    SessionImplementor.class,
    HibernatePropertiesCustomizer.class,
    JpaRepositoryFactoryBean.class
})
@ConditionalOnBooleanProperty(name = "jobqueue.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(JobQueueProperties.class)
public final class JobQueueJpaAutoConfiguration {

    @Bean
    HibernatePropertiesCustomizer jobQueueTableNamingCustomizer(
            JobQueueProperties properties, BeanFactory beanFactory) {
        return new JobTableHibernatePropertiesCustomizer(TableName.of(properties.getTable()), beanFactory);
    }

    /**
     * The repositories. A nested class cannot be ordered after {@link HibernateJpaAutoConfiguration}
     * (it is read with this class, before it), so instead of {@code @ConditionalOnBean} the
     * entity manager factory is relied on through the same single-DataSource condition that
     * Hibernate's configuration uses.
     */
    @Configuration(proxyBeanMethods = false)
    static class RepositoriesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        JobRepository jobRepository(EntityManagerFactory entityManagerFactory, BeanFactory beanFactory) {
            return repository(JobRepository.class, entityManagerFactory, beanFactory);
        }

        @Bean
        @ConditionalOnMissingBean
        JobDataRepository jobDataRepository(EntityManagerFactory entityManagerFactory, BeanFactory beanFactory) {
            return repository(JobDataRepository.class, entityManagerFactory, beanFactory);
        }

        // The factory bean, used here as a plain object, adds what a bare JpaRepositoryFactory
        // lacks: the transaction interceptor that @Transactional on SimpleJpaRepository needs
        // (save outside a transaction fails without it) and exception translation.
        private static <T extends Repository<S, I>, S, I> T repository(
                Class<T> type, EntityManagerFactory entityManagerFactory, BeanFactory beanFactory) {
            JpaRepositoryFactoryBean<T, S, I> factory = new JpaRepositoryFactoryBean<>(type);
            factory.setEntityManager(SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory));
            factory.setBeanFactory(beanFactory);
            factory.afterPropertiesSet();
            return factory.getObject();
        }
    }
}
