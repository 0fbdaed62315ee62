package io.github.omnictx.core.identity;

import io.github.omnictx.core.internal.Checks;

/**
 * An identity seen in an event that the tenant's {@link IdentityRules} did not let link customers.
 * The caller may record it with the event (e.g. in the touchpoint payload); it points at no one new.
 *
 * @param identity the identity
 * @param reason why it was refused
 * @param detail a sentence for people, e.g. which limit it would have broken
 */
public record RefusedIdentity(Identity identity, Reason reason, String detail) {

  /** Why an identity was refused. */
  public enum Reason {
    /** The value is blocked (a placeholder, a test account, a shared device). */
    BLOCKED,
    /**
     * Linking it would give one customer more identities of its kind than the rules allow: it
     * yielded to identities of higher priority. If it is held by another customer, it stays there.
     */
    LIMIT
  }

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null or the detail blank
   */
  public RefusedIdentity {
    Checks.notNull(identity, "identity");
    Checks.notNull(reason, "reason");
    Checks.notBlank(detail, "detail");
  }
}
