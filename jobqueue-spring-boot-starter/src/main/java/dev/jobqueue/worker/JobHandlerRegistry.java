package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.InvalidJobHandlerException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The handlers found in the application context, one per job type and one per name.
 *
 * @since 0.1.0
 */
public final class JobHandlerRegistry {

    private final Map<Integer, HandlerMethod> byType = new TreeMap<>();
    private final Map<String, HandlerMethod> byName = new TreeMap<>();

    synchronized void register(HandlerMethod handler) {
        HandlerMethod sameType = byType.get(handler.type().id());
        if (sameType != null) {
            throw new InvalidJobHandlerException("Two @JobHandler methods for job type " + handler.type().id() + ": "
                    + sameType + " and " + handler + "; each type needs exactly one handler");
        }
        HandlerMethod sameName = byName.get(handler.name());
        if (sameName != null) {
            throw new InvalidJobHandlerException("Two @JobHandler methods named " + handler.name() + ": " + sameName
                    + " and " + handler + "; names must be unique");
        }
        byType.put(handler.type().id(), handler);
        byName.put(handler.name(), handler);
    }

    public synchronized Optional<HandlerMethod> forType(JobType type) {
        return Optional.ofNullable(byType.get(type.id()));
    }

    public synchronized Optional<HandlerMethod> forName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public synchronized Collection<HandlerMethod> all() {
        return java.util.List.copyOf(byType.values());
    }
}
