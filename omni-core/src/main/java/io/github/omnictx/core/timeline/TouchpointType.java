package io.github.omnictx.core.timeline;

import io.github.omnictx.core.internal.Checks;
import java.util.regex.Pattern;

/**
 * What kind of fact a touchpoint records. The common retail facts are constants here; applications
 * may use their own ({@code TouchpointType.of("loyalty_points_redeemed")}).
 *
 * @param value 1-48 characters of {@code a-z0-9_.}, starting with a letter
 */
public record TouchpointType(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_.]{0,47}");

  /** A message, in or out, on any text channel. */
  public static final TouchpointType MESSAGE = new TouchpointType("message");
  /** A phone call (started, answered, ended…; details in the payload). */
  public static final TouchpointType CALL = new TouchpointType("call");
  /** A visit to a physical store. */
  public static final TouchpointType STORE_VISIT = new TouchpointType("store_visit");
  /** A purchase, online or at the till. */
  public static final TouchpointType PURCHASE = new TouchpointType("purchase");
  /** A returned item. */
  public static final TouchpointType RETURN = new TouchpointType("return");
  /** A page or screen view. */
  public static final TouchpointType PAGE_VIEW = new TouchpointType("page_view");
  /** A cart left without checkout. */
  public static final TouchpointType CART_ABANDONED = new TouchpointType("cart_abandoned");
  /** A change of an order's status (shipped, delivered…). */
  public static final TouchpointType ORDER_STATUS = new TouchpointType("order_status");
  /** An answer to a survey (CSAT, NPS). */
  public static final TouchpointType SURVEY_ANSWER = new TouchpointType("survey_answer");
  /** A note an agent wrote about the customer. */
  public static final TouchpointType AGENT_NOTE = new TouchpointType("agent_note");
  /** A transfer of a conversation between participants or channels. */
  public static final TouchpointType HANDOFF = new TouchpointType("handoff");

  /**
   * Validates the value.
   *
   * @throws IllegalArgumentException if the value is malformed
   */
  public TouchpointType {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "touchpoint type must be 1-48 characters of a-z0-9_. starting with a letter, was: " + Checks.quote(value));
    }
  }

  /**
   * Returns the type for a value.
   *
   * @param value the type text
   * @return the type
   */
  public static TouchpointType of(String value) {
    return new TouchpointType(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
