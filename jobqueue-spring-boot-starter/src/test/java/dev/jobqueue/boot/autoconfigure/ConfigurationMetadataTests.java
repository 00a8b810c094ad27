package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metadata an IDE shows for {@code application.yml}, read from the file the build ships:
 * every jobqueue property described and with its real default, the per-type settings under
 * {@code jobqueue.types.*}, and nothing that shadows Boot's own {@code spring.datasource.*}.
 */
class ConfigurationMetadataTests {

    private static final String TYPE_PREFIX = "jobqueue.types.*.";

    private static final String SHARD_PREFIX = "jobqueue.shards.*.";

    private final ConversionService conversion = ApplicationConversionService.getSharedInstance();

    private final JsonNode metadata = readMetadata();

    private final Map<String, JsonNode> properties = byName(metadata.path("properties"));

    @Test
    void everyJobqueuePropertyHasADescription() {
        assertThat(jobqueueProperties())
                .allSatisfy((name, property) -> assertThat(
                                property.path("description").asString(""))
                        .as("description of " + name)
                        .isNotBlank());
    }

    @Test
    void everyJobqueuePropertyWithADefaultShowsThatDefault() {
        assertThat(jobqueueProperties()).allSatisfy((name, property) -> {
            Object actual = defaultOf(name);
            if (actual == null
                    || (actual instanceof Collection<?> collection && collection.isEmpty())
                    || (actual instanceof Map<?, ?> map && map.isEmpty())) {
                assertThat(property.has("defaultValue"))
                        .as(name + " has no default")
                        .isFalse();
                return;
            }
            assertThat(property.has("defaultValue"))
                    .as("defaultValue of " + name)
                    .isTrue();
            JsonNode shown = property.get("defaultValue");
            Object converted = shown.isArray()
                    ? conversion.convert(
                            JsonMapper.shared().treeToValue(shown, List.class),
                            TypeDescriptor.forObject(new ArrayList<>()),
                            TypeDescriptor.forObject(actual))
                    : conversion.convert(shown.asString(), actual.getClass());
            assertThat(converted)
                    .as("defaultValue of " + name + " (shown as " + shown + ")")
                    .isEqualTo(actual);
        });
    }

    @Test
    void everySettingOfAJobTypeIsListedUnderTheTypesMap() {
        List<String> settings = new ArrayList<>();
        collectSettings(JobQueueProperties.Type.class, "", settings);

        assertThat(settings)
                .isNotEmpty()
                .allSatisfy(setting ->
                        assertThat(properties.keySet()).as("metadata entries").contains(TYPE_PREFIX + setting));
        assertThat(properties.keySet().stream().filter(name -> name.startsWith(TYPE_PREFIX)))
                .as("entries with no setting behind them")
                .allSatisfy(name -> assertThat(settings).contains(name.substring(TYPE_PREFIX.length())));
    }

    @Test
    void everySettingOfAShardIsListedUnderTheShardsMap() {
        List<String> settings = new ArrayList<>();
        collectSettings(JobQueueProperties.Shard.class, "", settings);

        assertThat(settings)
                .containsExactlyInAnyOrder(
                        "url", "username", "password", "tenants", "pool.maximum-size", "pool.connection-timeout")
                .allSatisfy(setting ->
                        assertThat(properties.keySet()).as("metadata entries").contains(SHARD_PREFIX + setting));
        assertThat(properties.keySet()).contains("jobqueue.shards");
    }

    @Test
    void theTypesMapHasHintsForItsKeysAndTheRetryStrategies() {
        Map<String, JsonNode> hints = byName(metadata.path("hints"));

        assertThat(hints).containsKey("jobqueue.types.keys");
        assertThat(hints.get(TYPE_PREFIX + "retry.strategy")
                        .path("values")
                        .valueStream()
                        .map(value -> value.get("value").asString()))
                .containsExactlyInAnyOrder(Stream.of(JobQueueProperties.Retry.Strategy.values())
                        .map(strategy -> strategy.name().toLowerCase())
                        .toArray(String[]::new));
    }

    @Test
    void noEntryShadowsBootsOwnDataSourceProperties() {
        assertThat(properties.keySet()).noneMatch(name -> name.startsWith("spring.datasource."));
    }

    private Map<String, JsonNode> jobqueueProperties() {
        Map<String, JsonNode> jobqueue = new TreeMap<>();
        properties.forEach((name, property) -> {
            if (name.startsWith("jobqueue.")) {
                jobqueue.put(name, property);
            }
        });
        assertThat(jobqueue).containsKeys("jobqueue.tenants", "jobqueue.worker.poll-interval", "jobqueue.types");
        return jobqueue;
    }

    /** The value a property has when the application sets nothing, read from a fresh properties object. */
    private static Object defaultOf(String name) {
        if (name.startsWith(TYPE_PREFIX)) {
            return valueAt(new JobQueueProperties.Type(), name.substring(TYPE_PREFIX.length()));
        }
        if (name.startsWith(SHARD_PREFIX)) {
            return valueAt(new JobQueueProperties.Shard(), name.substring(SHARD_PREFIX.length()));
        }
        if (name.startsWith("jobqueue.metrics.")) {
            return valueAt(new JobQueueMetricsProperties(), name.substring("jobqueue.metrics.".length()));
        }
        return valueAt(new JobQueueProperties(), name.substring("jobqueue.".length()));
    }

    private static Object valueAt(Object bean, String kebabPath) {
        StringBuilder path = new StringBuilder();
        boolean upper = false;
        for (char c : kebabPath.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                path.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return new BeanWrapperImpl(bean).getPropertyValue(path.toString());
    }

    /** Kebab-case paths of the settings of {@code type}, nested groups (retry) included. */
    private static void collectSettings(Class<?> type, String prefix, List<String> settings) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
                continue;
            }
            String name =
                    prefix + descriptor.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            Class<?> propertyType = descriptor.getPropertyType();
            if (descriptor.getWriteMethod() == null
                    && propertyType.getName().startsWith("dev.jobqueue.")
                    && !propertyType.isEnum()) {
                collectSettings(propertyType, name + ".", settings);
            } else {
                settings.add(name);
            }
        }
    }

    private static JsonNode readMetadata() {
        Path metadata;
        try {
            Path classes = Path.of(JobQueueProperties.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            metadata = classes.resolve("META-INF/spring-configuration-metadata.json");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertThat(metadata).as("metadata written by the build").exists();
        try {
            return JsonMapper.shared().readTree(Files.readString(metadata));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, JsonNode> byName(JsonNode entries) {
        Map<String, JsonNode> byName = new TreeMap<>();
        entries.forEach(entry -> byName.put(entry.get("name").asString(), entry));
        return byName;
    }
}
