package dev.jobqueue.persistence.internal;

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * The mapper that payloads are written and read with: the application's mapper (its modules,
 * naming and features), with type information from the payload never honoured. Default typing
 * is switched off whatever the application configures, and a class named in a payload (an
 * {@code @class} property, or a {@code @JsonTypeInfo(use = CLASS)} id) is refused before it is
 * loaded, so a payload cannot make the worker instantiate a class of its choosing. Polymorphic
 * payloads still work with type names the application declares ({@code @JsonTypeInfo(use = NAME)}
 * with {@code @JsonSubTypes}).
 */
public final class PayloadJson {

    private PayloadJson() {}

    /** A copy of {@code application}'s mapper without polymorphic typing by class name. */
    public static JsonMapper of(JsonMapper application) {
        return application
                .rebuild()
                .deactivateDefaultTyping()
                .polymorphicTypeValidator(new NoClassNames())
                .build();
    }

    /** Refuses every subtype named by its class; type names declared by annotations are not asked. */
    private static final class NoClassNames extends PolymorphicTypeValidator.Base {

        private static final long serialVersionUID = 1L;

        @Override
        public Validity validateBaseType(DatabindContext context, JavaType baseType) {
            // why: DENIED here would fail every CLASS-typed property at once, even one the payload leaves out
            return Validity.INDETERMINATE;
        }

        @Override
        public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
            return Validity.DENIED;
        }

        @Override
        public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
            return Validity.DENIED;
        }
    }
}
