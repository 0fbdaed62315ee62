package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported scripts, for teams that run Flyway or Liquibase themselves. */
class JdbcSchemaTest {

  @Test
  void exportedScriptsCarryThePrefixAndFlywayNames(@TempDir Path dir) throws Exception {
    for (JdbcDialect d : JdbcDialect.values()) {
      List<JdbcSchema.Migration> scripts = JdbcSchema.export(d, "shop_");
      // Versions from 1 up without gaps, whatever the count.
      assertThat(scripts).extracting(JdbcSchema.Migration::version)
          .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, scripts.size()).boxed().toList())
          .hasSizeGreaterThanOrEqualTo(10);
      assertThat(scripts).extracting(JdbcSchema.Migration::fileName).contains("V6__privacy.sql",
          "V7__journeys.sql", "V8__poll_cursors.sql", "V9__first_bot_response.sql", "V10__conversation_merges.sql");
      assertThat(scripts.get(0).fileName()).isEqualTo("V1__omni_schema.sql");
      assertThat(scripts.get(0).sql()).doesNotContain("${prefix}").containsPattern("CREATE TABLE (IF NOT EXISTS )?shop_touchpoints");
      assertThat(scripts.get(0).statements()).hasSizeGreaterThanOrEqualTo(4)
          .allSatisfy(s -> assertThat(s).doesNotEndWith(";").doesNotStartWith("--"));
    }
    List<Path> files = JdbcSchema.exportTo(JdbcDialect.POSTGRESQL, "shop_", dir);
    assertThat(files).hasSize(JdbcSchema.export(JdbcDialect.POSTGRESQL, "shop_").size());
    assertThat(Files.readString(files.get(0))).contains("UNIQUE (tenant, channel, external_id)");
    // The outbox keeps Debezium's outbox router column names, so CDC streams it without mapping.
    assertThat(Files.readString(files.get(4))).contains("CREATE TABLE shop_outbox (", "aggregatetype", "aggregateid",
        "payload       jsonb", "UNIQUE (tenant, dedup_key)");
    assertThat(Files.readString(files.get(7))).contains("CREATE TABLE shop_poll_cursors (",
        "PRIMARY KEY (tenant, adapter, source)");
  }

  @Test
  void malformedPrefixIsRefused() {
    assertThatThrownBy(() -> JdbcSchema.export(JdbcDialect.H2, "drop table x;--"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix");
  }
}
