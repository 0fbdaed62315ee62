package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.StoreException;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which driver errors a caller may retry: the SQLStates and codes the three databases report. */
class SqlErrorsTest {

  @ParameterizedTest(name = "{0}: SQLState {1}, code {2}")
  @CsvSource({
      "PostgreSQL serialization failure, 40001, 0",
      "PostgreSQL deadlock, 40P01, 0",
      "PostgreSQL lock_not_available (lock_timeout or NOWAIT), 55P03, 0",
      "MariaDB deadlock, 40001, 1213",
      "MariaDB lock wait timeout, HY000, 1205",
      "H2 deadlock, 40001, 40001",
      "H2 lock timeout, HYT00, 50200",
  })
  void lostRacesAreConcurrentUpdates(String what, String state, int code) {
    assertThat(SqlErrors.map(new SQLException(what, state, code), "updating"))
        .as(what).isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("lost a race");
  }

  @ParameterizedTest(name = "SQLState {0}, code {1}")
  @CsvSource({"42P01, 0", "42S02, 1146", "HY000, 1105"})
  void otherFailuresAreStoreExceptions(String state, int code) {
    assertThat(SqlErrors.map(new SQLException("boom", state, code), "updating")).isExactlyInstanceOf(StoreException.class);
  }

  @ParameterizedTest(name = "{0}: SQLState {1}, code {2}")
  @CsvSource({
      "PostgreSQL NUL in text, 22021, 0",
      "PostgreSQL numeric out of range, 22003, 0",
      "PostgreSQL datetime out of range, 22008, 0",
      "MariaDB incorrect string value, HY000, 1366",
      "MariaDB out of range, 22003, 1264",
      "H2 data conversion, 22018, 22018",
  })
  void valuesTheDatabaseCannotHoldAreInvalidInputNamingNoValue(String what, String state, int code) {
    assertThat(SqlErrors.map(new SQLException("value 'anna@example.com' refused", state, code), "appending touchpoints"))
        .as(what).isInstanceOf(InvalidInputException.class).hasMessageContaining(state)
        .hasMessageNotContaining("anna@example.com");
  }
}
