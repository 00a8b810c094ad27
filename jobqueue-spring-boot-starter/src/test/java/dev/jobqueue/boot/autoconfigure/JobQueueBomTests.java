package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * jobqueue-bom names every artifact the build publishes (a module of the reactor that is not a
 * sample and does not skip deployment), so that an application that imports it needs no version.
 * Reads the build files of the checkout this module is built in.
 */
class JobQueueBomTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    @Test
    void listsEveryPublishedArtifactAtTheProjectVersion() throws IOException {
        String bom = Files.readString(ROOT.resolve("jobqueue-bom/pom.xml"));
        String managed = bom.substring(bom.indexOf("<dependencyManagement>"));

        assertThat(publishedArtifacts())
                .isNotEmpty()
                .allSatisfy(artifact -> assertThat(managed)
                        .as("jobqueue-bom/pom.xml")
                        .contains("<artifactId>" + artifact + "</artifactId>\n"
                                + "        <version>${project.version}</version>"));
        assertThat(bom)
                .as("a BOM without a parent hands no other versions to the builds that import it")
                .doesNotContain("<parent>");
    }

    private static List<String> publishedArtifacts() throws IOException {
        String reactor = Files.readString(ROOT.resolve("pom.xml"));
        String modules = reactor.substring(reactor.indexOf("<modules>"), reactor.indexOf("</modules>"));
        Matcher module = MODULE.matcher(modules);
        Stream.Builder<String> artifacts = Stream.builder();
        while (module.find()) {
            String name = module.group(1);
            String pom = Files.readString(ROOT.resolve(name).resolve("pom.xml"));
            if (name.startsWith("samples/")
                    || name.equals("jobqueue-bom")
                    || pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
                continue;
            }
            Matcher artifactId = ARTIFACT_ID.matcher(pom.substring(pom.indexOf("</parent>")));
            artifactId.find();
            artifacts.add(artifactId.group(1));
        }
        return artifacts.build().toList();
    }
}
