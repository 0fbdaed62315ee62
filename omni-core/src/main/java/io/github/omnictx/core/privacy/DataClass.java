package io.github.omnictx.core.privacy;

/** How a stored field relates to a person; every field of every store has one, in {@link DataMap}. */
public enum DataClass {
  /** Names, addresses, numbers, message text: identifies or describes the person. Removed on erase. */
  PERSONAL,
  /**
   * An identifier that points at a person only through other records (a customer id, a provider's
   * message id). Kept on erase only when nothing links it to the person any more.
   */
  PSEUDONYMOUS,
  /** Times, channels, types, counts, versions, lease state: what metrics and the machinery need. */
  OPERATIONAL
}
