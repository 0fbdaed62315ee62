package io.github.omnictx.core;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception Omni throws. Unchecked: callers catch the subclass they can act on.
 *
 * <p>Subclasses carry the context needed to act: {@link InvalidInputException} names the field and
 * value, {@link NotFoundException} the kind and id, {@link ConcurrentUpdateException} the stale
 * version, {@link StoreException} the failed storage operation.
 */
public class OmniException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public OmniException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public OmniException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
