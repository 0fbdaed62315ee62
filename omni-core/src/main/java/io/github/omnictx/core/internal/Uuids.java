package io.github.omnictx.core.internal;

import java.util.Comparator;
import java.util.UUID;

/**
 * UUID helpers. Not API.
 *
 * <p>{@link UUID#compareTo} compares signed longs; databases compare the 16 bytes unsigned (which
 * is also the order of the canonical lower-case text). Omni orders ids the databases' way
 * everywhere so that every store pages identically.
 */
public final class Uuids {
  private Uuids() {}

  /** Orders UUIDs by their 16 bytes, unsigned: the order of their canonical text. */
  public static final Comparator<UUID> UNSIGNED =
      (a, b) -> {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
      };

  /**
   * Parses a canonical UUID string, naming the field when it is not one.
   *
   * @param text the text
   * @param field the field name
   * @return the UUID
   * @throws IllegalArgumentException if the text is not a UUID
   */
  public static UUID parse(String text, String field) {
    Checks.notNull(text, field);
    if (text.length() != 36) {
      throw new IllegalArgumentException(field + " must be a UUID, was: " + Checks.quote(text));
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " must be a UUID, was: " + Checks.quote(text), e);
    }
  }
}
