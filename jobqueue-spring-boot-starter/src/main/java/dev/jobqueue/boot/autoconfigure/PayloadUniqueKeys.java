package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.UniqueKey;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerRegistry;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default unique key of a job whose type names a payload property in
 * {@code jobqueue.types.<name>.unique-key}: {@code <name>:<value>}. A payload without the
 * property, or with null there, gets no key; a value that is an object or an array is refused.
 */
final class PayloadUniqueKeys implements Function<NewJob, @Nullable UniqueKey> {

    private final JobHandlerRegistry registry;
    private final JobQueueProperties properties;
    private final JsonMapper json;

    PayloadUniqueKeys(JobHandlerRegistry registry, JobQueueProperties properties, JsonMapper json) {
        this.registry = registry;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public @Nullable UniqueKey apply(NewJob job) {
        Optional<HandlerMethod> handler = registry.forType(job.jobType());
        if (handler.isEmpty() || job.properties() == null) {
            return null;
        }
        String field = properties.type(handler.get().name()).getUniqueKey();
        if (field == null) {
            return null;
        }
        Object payload = job.properties();
        JsonNode tree =
                payload instanceof CharSequence text ? json.readTree(text.toString()) : json.valueToTree(payload);
        JsonNode value = tree.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainer()) {
            throw new InvalidJobInputException(
                    "properties." + field,
                    "properties." + field + " is the unique key of"
                            + " type " + handler.get().name() + " (jobqueue.types."
                            + handler.get().name() + ".unique-key) and"
                            + " must be a string, number or boolean but was " + value.getNodeType());
        }
        return UniqueKey.of(handler.get().name() + ":" + value.asString());
    }
}
