package io.github.omnictx.core;
import org.jspecify.annotations.Nullable;

/**
 * A value given to Omni was malformed or outside its allowed range. Nothing was changed.
 *
 * <p>The message names the field and the offending value, e.g. {@code "phone must be E.164, was:
 * 8-916-123"}. It extends {@link OmniException}; callers that validate with plain Java idioms may
 * also see {@link IllegalArgumentException} from value constructors, which this class is not.
 */
public class InvalidInputException extends OmniException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the name of the offending field or parameter
   * @param message the full message, naming the field and the bad value
   */
  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  /**
   * Creates the exception with its cause.
   *
   * @param field the name of the offending field or parameter
   * @param message the full message, naming the field and the bad value; when the failure behind it
   *     had none ({@code null}), the message says the field is invalid
   * @param cause the parser or validator failure behind it
   */
  public InvalidInputException(String field, @Nullable String message, Throwable cause) {
    super(message != null ? message : field + " is invalid", cause);
    this.field = field;
  }

  /**
   * The field or parameter that was rejected.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }
}
