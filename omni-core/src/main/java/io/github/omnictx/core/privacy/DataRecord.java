package io.github.omnictx.core.privacy;

import io.github.omnictx.core.internal.Checks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of stored record (a JDBC table, an in-memory store's map) and its classified fields.
 * Immutable.
 *
 * @param name the record's name as the stores spell it (the JDBC table name without prefix)
 * @param erase what an erase does to the person's records of this kind
 * @param fields every field, in the order the stores declare them
 */
public record DataRecord(String name, Erase erase, List<DataField> fields) {

  /** What an erase does to the person's records of one kind. */
  public enum Erase {
    /** Nothing: the records hold nothing about a person. */
    NONE,
    /** The personal fields are blanked; the rest stays, detached from any identifier. */
    BLANK,
    /** The records are deleted. */
    DELETE,
    /** Written by the erase itself: its receipt, the tombstones. */
    WRITTEN
  }

  /**
   * @throws IllegalArgumentException if a value is missing, a field is named twice, or a record
   *     with personal fields is left alone on erase
   */
  public DataRecord {
    Checks.notBlank(name, "name");
    Checks.notNull(erase, "erase");
    fields = List.copyOf(Checks.notNull(fields, "fields"));
    Map<String, DataField> seen = new LinkedHashMap<>();
    for (DataField f : fields) {
      if (seen.put(f.name(), f) != null) {
        throw new IllegalArgumentException("fields must be unique, " + name + "." + f.name() + " was named twice");
      }
      if (f.dataClass() == DataClass.PERSONAL && erase == Erase.NONE) {
        throw new IllegalArgumentException("record " + name + " holds personal field " + f.name()
            + " but erase leaves it alone");
      }
    }
  }

  /**
   * @param field a field name
   * @return the field, if this record has it
   */
  public Optional<DataField> field(String field) {
    return fields.stream().filter(f -> f.name().equals(field)).findFirst();
  }

  /** @return whether any field is personal or erased, so erase and export must reach this record */
  public boolean aboutPeople() {
    return fields.stream().anyMatch(f -> f.erased() || f.dataClass() == DataClass.PERSONAL);
  }
}
