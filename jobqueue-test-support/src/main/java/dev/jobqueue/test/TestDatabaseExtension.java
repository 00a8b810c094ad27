package dev.jobqueue.test;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a {@link TestSchema} of its own on the {@link TestDatabase} server,
 * injected into constructors, lifecycle and test methods, and dropped after the class.
 *
 * <pre>{@code
 * @ExtendWith(TestDatabaseExtension.class)
 * class MyIntegrationTests {
 *     @BeforeAll
 *     static void migrate(TestSchema schema) { ... }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TestDatabaseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(TestDatabaseExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        schema(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestSchema schema = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), TestSchema.class);
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestSchema.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return schema(context);
    }

    private static TestSchema schema(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context;
        while (classContext.getTestClass().isPresent()
                && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        return classContext
                .getStore(NAMESPACE)
                .computeIfAbsent(
                        testClass, key -> TestDatabase.createSchema(testClass.getSimpleName()), TestSchema.class);
    }
}
