package io.github.omnictx.core;

import io.github.omnictx.core.internal.Checks;
import java.util.regex.Pattern;

/**
 * The retailer or brand that owns a record. Every read and write in Omni is scoped to one tenant,
 * and nothing reads across tenants.
 *
 * @param value 1 to 64 characters of {@code A-Za-z0-9._-}
 */
public record TenantId(String value) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /**
   * Validates the value.
   *
   * @throws IllegalArgumentException if the value is null, blank, too long or has other characters
   */
  public TenantId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant must be 1-64 characters of A-Za-z0-9._-, was: " + Checks.quote(value));
    }
  }

  /**
   * Returns the tenant id for a value.
   *
   * @param value 1 to 64 characters of {@code A-Za-z0-9._-}
   * @return the tenant id
   * @throws IllegalArgumentException if the value is invalid
   */
  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
