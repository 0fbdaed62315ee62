package io.github.omnictx.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of the transactional outbox: work due at a time (a send, a timer), written in the same
 * unit of work as the records it acts on, and claimed by dispatchers under a lease.
 *
 * <p>The first five columns follow Debezium's outbox event router conventions, so the table can be
 * streamed by change data capture without code: {@code id} (the event id), {@code aggregatetype}
 * (routes the event to a topic), {@code aggregateid} (the message key: the customer), {@code type}
 * and {@code payload} (a JSON object). The rest is Omni's: the tenant, when it was written and is
 * due, and the claim state.
 *
 * @param id the row id, a library-made UUID
 * @param tenant the tenant whose unit of work the row's work runs in
 * @param aggregateType what the row is about, 1-32 characters (Omni writes {@code outbound})
 * @param aggregateId the id of the aggregate, 1-64 characters (Omni writes the customer id)
 * @param type what the work is, 1-32 characters ({@code outbound.send}, {@code outbound.timer})
 * @param payload the work's description, a JSON object (copied in and out)
 * @param createdAt when the row was written, by Omni's clock
 * @param dueAt when it is due, by Omni's clock
 * @param version the fencing version: 0 when written, +1 at every claim
 * @param attempts how often the work failed and was rescheduled
 * @param lastError the last failure, at most 500 characters, if any
 */
public record OutboxRow(UUID id, TenantId tenant, String aggregateType, String aggregateId, String type,
    JsonNode payload, Instant createdAt, Instant dueAt, long version, int attempts, Optional<String> lastError) {
  /** The longest {@link #lastError()} kept, in characters. */
  public static final int MAX_ERROR = 500;

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null or out of range, or the payload is not an object
   */
  public OutboxRow {
    Checks.notNull(id, "id");
    Checks.notNull(tenant, "tenant");
    Checks.maxLength(Checks.notBlank(aggregateType, "aggregateType"), 32, "aggregateType");
    Checks.maxLength(Checks.notBlank(aggregateId, "aggregateId"), 64, "aggregateId");
    Checks.maxLength(Checks.notBlank(type, "type"), 32, "type");
    if (!Checks.notNull(payload, "payload").isObject()) {
      throw new IllegalArgumentException("payload must be a JSON object, was: " + payload.getNodeType());
    }
    payload = payload.deepCopy();
    createdAt = Checks.micros(createdAt, "createdAt");
    dueAt = Checks.micros(dueAt, "dueAt");
    if (version < 0 || attempts < 0) {
      throw new IllegalArgumentException("version and attempts must be >= 0, were: " + version + ", " + attempts);
    }
    Checks.notNull(lastError, "lastError");
    lastError = lastError.map(OutboxRow::shorten);
  }

  /**
   * A new row, not yet claimed.
   *
   * @param id the row id
   * @param tenant the tenant
   * @param aggregateType what it is about
   * @param aggregateId the aggregate id
   * @param type what the work is
   * @param payload the work
   * @param createdAt when written
   * @param dueAt when due
   * @return the row at version 0, no attempts
   */
  public static OutboxRow pending(UUID id, TenantId tenant, String aggregateType, String aggregateId, String type,
      JsonNode payload, Instant createdAt, Instant dueAt) {
    return new OutboxRow(id, tenant, aggregateType, aggregateId, type, payload, createdAt, dueAt, 0, 0,
        Optional.empty());
  }

  /** @return a copy of the payload */
  @Override
  public JsonNode payload() {
    return payload.deepCopy();
  }

  /**
   * Shortens an error text to what a row keeps.
   *
   * @param error the text
   * @return at most {@value #MAX_ERROR} characters
   */
  public static String shorten(String error) {
    return error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR - 3) + "..." : error;
  }
}
