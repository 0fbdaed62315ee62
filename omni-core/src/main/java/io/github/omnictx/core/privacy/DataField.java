package io.github.omnictx.core.privacy;

import io.github.omnictx.core.internal.Checks;

/**
 * One classified field of a stored record: its name as the stores spell it (the JDBC column name),
 * how it relates to a person, and whether an erase removes it. Immutable.
 *
 * @param name the field (column) name, lower case
 * @param dataClass personal, pseudonymous or operational
 * @param erased whether {@code erase} removes or blanks it (always for personal fields)
 * @param note why it is classified so, or what erase leaves in its place
 */
public record DataField(String name, DataClass dataClass, boolean erased, String note) {
  /**
   * @throws IllegalArgumentException if a value is missing, or a personal field is not erased
   */
  public DataField {
    Checks.notBlank(name, "name");
    Checks.notNull(dataClass, "dataClass");
    Checks.notNull(note, "note");
    if (dataClass == DataClass.PERSONAL && !erased) {
      throw new IllegalArgumentException("a personal field must be erased, was kept: " + name);
    }
  }
}
