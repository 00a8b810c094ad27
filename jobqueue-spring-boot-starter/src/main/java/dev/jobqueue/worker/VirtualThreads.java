package dev.jobqueue.worker;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Virtual threads where the JVM has them (Java 21+), found by reflection because jobqueue
 * is compiled for Java 17.
 */
final class VirtualThreads {

    private VirtualThreads() {}

    /** A factory of virtual threads named {@code prefix} + n, or null on a JVM without them. */
    static @Nullable ThreadFactory factory(String prefix) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            Object builder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType))
                    .invoke();
            MethodHandle name = lookup.findVirtual(
                    ofVirtualType, "name", MethodType.methodType(ofVirtualType, String.class, long.class));
            builder = name.invoke(builder, prefix, 1L);
            MethodHandle factory =
                    lookup.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class));
            return (ThreadFactory) factory.invoke(builder);
        } catch (Throwable e) {
            return null;
        }
    }
}
