package io.github.omnictx.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OmniEventTest {

  @Test
  void eventsAreExactlyTheRecordsOfTheEventPackage() throws IOException {
    Set<String> sources;
    try (Stream<Path> files = Files.list(Path.of("src/main/java/io/github/omnictx/core/event"))) {
      sources = files.map(p -> p.getFileName().toString().replace(".java", ""))
          .filter(n -> !Set.of("OmniEvent", "OmniListener", "package-info").contains(n))
          .collect(Collectors.toSet());
    }
    assertThat(OmniEvent.class.isSealed()).isTrue();
    Class<?>[] permitted = OmniEvent.class.getPermittedSubclasses();
    assertThat(permitted).allSatisfy(c -> {
      assertThat(c.isRecord()).as(c.getName()).isTrue();
      assertThat(c.getPackage()).isEqualTo(OmniEvent.class.getPackage());
    });
    assertThat(Arrays.stream(permitted).map(Class::getSimpleName)).containsExactlyInAnyOrderElementsOf(sources);
  }
}
