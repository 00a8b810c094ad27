package dev.jobqueue.boot.autoconfigure.testapp;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/**
 * Stands in for an application's {@code @SpringBootApplication} class: its package holds its
 * entities and repositories.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class TestApplication {}
