package io.github.omnictx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a user adds to their build: the README gives the coordinates of every library module, and
 * each module's jar comes with its {@code -sources} and {@code -javadoc} jars (checked when the
 * reactor packaged the modules before this one, as {@code mvn verify} does).
 */
class PublishedArtifactsTest {
  private static final List<String> LIBRARIES = List.of("omni-core", "omni-channels", "omni-store-jdbc");

  private static String version() throws IOException {
    Matcher m = Pattern.compile("<artifactId>omni-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("..", "pom.xml")));
    assertThat(m.find()).as("the parent's version").isTrue();
    return m.group(1);
  }

  @Test
  void readmeGivesTheCoordinatesOfEveryLibraryAndSaysWhatToAddYourself() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String version = version();
    for (String artifact : LIBRARIES) {
      assertThat(readme).as("coordinates of " + artifact).contains("<groupId>io.github.omnictx</groupId>\n  <artifactId>"
          + artifact + "</artifactId>\n  <version>" + version + "</version>");
    }
    // The JDBC driver and the logging binding are the application's choice.
    assertThat(readme).contains("<artifactId>postgresql</artifactId>", "<artifactId>mariadb-java-client</artifactId>",
        "<artifactId>slf4j-simple</artifactId>");
  }

  @Test
  void everyLibraryJarComesWithItsSourcesAndJavadoc() throws IOException {
    String version = version();
    Path core = Path.of("..", "omni-core", "target", "omni-core-" + version + ".jar");
    Assumptions.assumeTrue(Files.exists(core), "the library modules were not packaged in this build (run mvn verify)");
    for (String artifact : LIBRARIES) {
      Path target = Path.of("..", artifact, "target");
      Path sources = target.resolve(artifact + "-" + version + "-sources.jar");
      Path javadoc = target.resolve(artifact + "-" + version + "-javadoc.jar");
      assertThat(sources).as(artifact + " sources").exists();
      assertThat(javadoc).as(artifact + " javadoc").exists();
      try (JarFile s = new JarFile(sources.toFile()); JarFile j = new JarFile(javadoc.toFile())) {
        assertThat(s.stream().map(e -> e.getName())).anyMatch(n -> n.startsWith("io/github/omnictx/") && n.endsWith(".java"));
        assertThat(j.getEntry("index.html")).as(artifact + " javadoc index").isNotNull();
        assertThat(j.stream().map(e -> e.getName())).anyMatch(n -> n.startsWith("io/github/omnictx/") && n.endsWith(".html"));
      }
    }
  }
}
