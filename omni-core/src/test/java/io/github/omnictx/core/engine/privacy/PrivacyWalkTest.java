package io.github.omnictx.core.engine.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.privacy.DataMap;
import io.github.omnictx.core.privacy.DataRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Erase and export walk the whole data map: a record about people without an eraser or writer fails here. */
class PrivacyWalkTest {

  @Test
  void everyRecordAboutPeopleHasAnEraserAndAnExportWriter() {
    List<String> missing = new ArrayList<>();
    for (DataRecord r : DataMap.records()) {
      boolean erased = r.erase() == DataRecord.Erase.BLANK || r.erase() == DataRecord.Erase.DELETE;
      if (erased && !PrivacyService.ERASERS.containsKey(r.name())) {
        missing.add("eraser of " + r.name());
      }
      if (r.aboutPeople() && r.erase() != DataRecord.Erase.WRITTEN && !PrivacyExporter.WRITERS.containsKey(r.name())) {
        missing.add("export writer of " + r.name());
      }
    }
    assertThat(missing).isEmpty();
    assertThat(PrivacyService.ERASERS.keySet()).allSatisfy(n -> assertThat(DataMap.record(n)).isPresent());
    assertThat(PrivacyExporter.WRITERS.keySet()).allSatisfy(n -> assertThat(DataMap.record(n)).isPresent());
  }
}
