package io.github.omnictx.core;

/**
 * The storage backend failed (connection lost, constraint the library did not expect, I/O error).
 * The unit of work it happened in was rolled back: nothing of it was written.
 */
public class StoreException extends OmniException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the operation that failed
   * @param cause the driver's or backend's exception
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception without an underlying cause.
   *
   * @param message the operation that failed
   */
  public StoreException(String message) {
    super(message);
  }
}
