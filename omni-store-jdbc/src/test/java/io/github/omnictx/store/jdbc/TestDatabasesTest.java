package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the tests find their databases: the environment, else the local servers, else the fallback. */
class TestDatabasesTest {
  @Test
  void environmentVariableWinsWithoutProbing() {
    List<String> probed = new ArrayList<>();
    assertThat(TestDatabases.choose("jdbc:postgresql://db.example:5432/x", TestDatabases.LOCAL_POSTGRES,
        u -> probed.add(u))).contains("jdbc:postgresql://db.example:5432/x");
    assertThat(probed).isEmpty();
  }

  @Test
  void localServerOnItsDefaultPortIsUsedWhenNothingIsConfigured() {
    assertThat(TestDatabases.choose(null, TestDatabases.LOCAL_POSTGRES, TestDatabases.LOCAL_POSTGRES::equals))
        .contains(TestDatabases.LOCAL_POSTGRES);
    assertThat(TestDatabases.choose(" ", TestDatabases.LOCAL_MARIADB, TestDatabases.LOCAL_MARIADB::equals))
        .contains(TestDatabases.LOCAL_MARIADB);
    assertThat(TestDatabases.LOCAL_POSTGRES).startsWith("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    assertThat(TestDatabases.LOCAL_MARIADB).startsWith("jdbc:mariadb://127.0.0.1:3306/test?user=root");
  }

  @Test
  void nothingAnsweringFallsBack() {
    assertThat(TestDatabases.choose(null, TestDatabases.LOCAL_POSTGRES, u -> false)).isEmpty();
  }

  @Test
  void aPortNobodyListensOnDoesNotAnswer() {
    assertThat(TestDatabases.answers("jdbc:postgresql://127.0.0.1:9/test?user=postgres&connectTimeout=2")).isFalse();
    assertThat(TestDatabases.answers("jdbc:mariadb://127.0.0.1:9/test?user=root&connectTimeout=2000")).isFalse();
  }
}
