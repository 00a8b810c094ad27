package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/** The YAML of docs/scaling.md's {@code jobqueue.shards} example binds as the text says, and is valid. */
class ShardsYamlTests {

    private static final Path SCALING_DOC = Path.of("..", "docs", "scaling.md");

    @Test
    void theShardsExampleOfTheScalingDocBindsAsDescribed() throws IOException {
        JobQueueProperties properties = bind(shardsYaml());

        JobQueuePropertiesValidator.validate(properties);
        assertThat(properties.getTenants()).containsExactly(0, 1, 2);
        assertThat(properties.getShards()).containsOnlyKeys("eu", "us");
        JobQueueProperties.Shard eu = properties.getShards().get("eu");
        assertThat(eu.getUrl()).isEqualTo("jdbc:mariadb://db-eu:3306/jobs");
        assertThat(eu.getUsername()).isEqualTo("jobs");
        assertThat(eu.getPassword()).isEqualTo("secret");
        assertThat(eu.getTenants()).containsExactly(3, 4);
        assertThat(eu.getPool().getMaximumSize()).isEqualTo(10);
        assertThat(eu.getPool().getConnectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        JobQueueProperties.Shard us = properties.getShards().get("us");
        assertThat(us.getTenants()).containsExactly(5);
        assertThat(us.getPool().getMaximumSize()).isEqualTo(20);
        assertThat(us.getPool().getConnectionTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    private static String shardsYaml() throws IOException {
        Matcher blocks = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(SCALING_DOC));
        while (blocks.find()) {
            if (blocks.group(1).contains("  shards:")) {
                return blocks.group(1);
            }
        }
        throw new AssertionError("docs/scaling.md has no YAML block with jobqueue.shards");
    }

    private static JobQueueProperties bind(String yaml) throws IOException {
        List<PropertySource<?>> sources =
                new YamlPropertySourceLoader().load("scaling.md", new ByteArrayResource(yaml.getBytes()));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("jobqueue", JobQueueProperties.class);
    }
}
