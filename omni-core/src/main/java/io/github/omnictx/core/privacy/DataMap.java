package io.github.omnictx.core.privacy;

import static io.github.omnictx.core.privacy.DataClass.OPERATIONAL;
import static io.github.omnictx.core.privacy.DataClass.PERSONAL;
import static io.github.omnictx.core.privacy.DataClass.PSEUDONYMOUS;

import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.privacy.DataRecord.Erase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every record and field Omni keeps, in every store, classified as {@link DataClass personal,
 * pseudonymous or operational}, with what an erase does to it. This is the one place: {@code
 * privacy().erase(...)} and {@code privacy().export(...)} walk it record by record (an engine
 * without an eraser or exporter for a record about people fails its tests), and every store's tests
 * fail when the store keeps a table, column or record shape this map does not name. A feature that
 * adds a table or column classifies it here first.
 *
 * <p>Names are the JDBC store's table and column names without the table prefix; the in-memory
 * store maps its record shapes onto them. Immutable and thread-safe.
 */
public final class DataMap {
  private static final Map<String, DataRecord> RECORDS = build();

  private DataMap() {}

  /** @return every record, in the order erase walks them */
  public static List<DataRecord> records() {
    return List.copyOf(RECORDS.values());
  }

  /**
   * @param name a record (table) name without prefix
   * @return the record, if the map names it
   */
  public static Optional<DataRecord> record(String name) {
    Checks.notNull(name, "name");
    return Optional.ofNullable(RECORDS.get(name));
  }

  /**
   * @param name a record (table) name without prefix
   * @return the record
   * @throws IllegalArgumentException if the map does not name it
   */
  public static DataRecord get(String name) {
    return record(name).orElseThrow(() -> new IllegalArgumentException("the data map has no record " + Checks.quote(name)));
  }

  private static DataField personal(String name, String note) {
    return new DataField(name, PERSONAL, true, note);
  }

  private static DataField pseudonym(String name, boolean erased, String note) {
    return new DataField(name, PSEUDONYMOUS, erased, note);
  }

  private static DataField op(String name, String note) {
    return new DataField(name, OPERATIONAL, false, note);
  }

  private static DataField tenant() {
    return op("tenant", "the tenant id");
  }

  private static Map<String, DataRecord> build() {
    List<DataRecord> all = new ArrayList<>();
    // Erase walks in this order: what points at a customer first, the customer last.
    all.add(new DataRecord("identities", Erase.DELETE, List.of(tenant(),
        op("kind", "the kind of identity; deleted with the row"),
        personal("identity_value", "e-mail, phone, card, handle: deleted, remembered only as a tombstone"),
        pseudonym("customer_id", true, "deleted with the row"))));
    all.add(new DataRecord("touchpoints", Erase.BLANK, List.of(tenant(), op("id", "random"),
        pseudonym("customer_id", false, "kept: nothing links it to the person once identities and profile are gone"),
        op("channel", "metrics"), op("type", "metrics"), op("direction", "metrics"),
        op("occurred_at", "metrics"), op("recorded_at", "metrics"),
        pseudonym("conversation_id", false, "kept: the conversation is blanked too"),
        pseudonym("external_id", true, "the provider's message id (a WhatsApp id encodes the phone): cleared"),
        personal("payload", "message text, sender name, attachments, the provider's object: replaced by {}"),
        op("status", "delivery status, metrics"),
        op("body_removed_at", "when erase or retention removed the payload"))));
    all.add(new DataRecord("conversations", Erase.BLANK, List.of(tenant(), op("id", "random"),
        pseudonym("customer_id", false, "kept, as on touchpoints"), op("status", "metrics"),
        op("owner", "a bot, queue or agent"), op("channels", "metrics"),
        personal("topic", "may come from the customer's own words (an e-mail subject): cleared"),
        op("priority", "routing"), personal("tags", "labels agents put on the person: cleared"),
        op("opened_at", "metrics"), op("updated_at", "metrics"), op("last_inbound_at", "metrics"),
        op("first_response_at", "metrics"), op("resolved_at", "metrics"), op("snoozed_until", "routing"),
        op("first_response_due_at", "SLA"), op("resolution_due_at", "SLA"), op("version", "locking"),
        op("last_channel", "routing"), op("queued_at", "routing"), op("last_agent", "routing"),
        op("last_agent_at", "routing"), op("skills", "routing"), op("language", "routing"),
        op("handoff_pending", "routing"), op("first_response_breached", "SLA"), op("resolution_breached", "SLA"),
        op("first_bot_response_at", "metrics: when a bot first answered"),
        op("merged", "the conversation it was folded into, the merge and its status before: ids only"))));
    all.add(new DataRecord("handoffs", Erase.BLANK, List.of(tenant(), op("id", "random"),
        pseudonym("conversation_id", false, "kept"), op("status", "metrics"), op("offered_at", "metrics"),
        op("expires_at", "metrics"), op("version", "locking"),
        personal("handoff", "the whole handoff as JSON: its reason and details (transcript, bot-collected slots, "
            + "notes, customer card) are replaced; participants and times stay"))));
    all.add(new DataRecord("merges", Erase.DELETE, List.of(tenant(), op("id", "random"),
        pseudonym("survivor", true, "deleted with the row"), op("merged_at", "deleted with the row"),
        op("reversed_at", "deleted with the row"), personal("cause", "may name a message id: deleted"),
        personal("record", "customer snapshots with identity values and attributes: deleted"))));
    all.add(new DataRecord("merge_customers", Erase.DELETE, List.of(tenant(),
        pseudonym("customer_id", true, "deleted with the row"), op("merge_id", "deleted with the row"))));
    all.add(new DataRecord("journey_runs", Erase.DELETE, List.of(tenant(), op("id", "random"),
        op("journey", "deleted with the row"), op("journey_version", "deleted with the row"),
        pseudonym("customer_id", true, "deleted with the row"),
        personal("correlation_key", "chosen by the application (a cart, a visit), may name the person: deleted"),
        op("sequence_no", "deleted with the row"), op("status", "deleted with the row"), op("step", "deleted with the row"),
        op("waiting_until", "deleted with the row"), op("started_at", "deleted with the row"),
        op("updated_at", "deleted with the row"), op("ended_at", "deleted with the row"),
        personal("reason", "may quote what the customer did: deleted"),
        personal("context", "the trigger, the awaited event, the last send and the run's log: deleted"),
        op("version", "deleted with the row"))));
    all.add(new DataRecord("outbound_decisions", Erase.DELETE, List.of(tenant(), op("id", "random"),
        pseudonym("customer_id", true, "deleted with the row"),
        personal("dedup_key", "chosen by the application, may name the person: deleted"),
        op("purpose", "deleted with the row"), op("outcome", "deleted with the row"),
        op("channel", "deleted with the row"), op("due_at", "deleted with the row"),
        op("decided_at", "deleted with the row"),
        personal("decision", "the plan with addresses and message text: deleted"), op("step", "deleted with the row"),
        op("state", "deleted with the row"), pseudonym("touchpoint_id", true, "deleted with the row"),
        personal("last_error", "a provider's error may quote the address: deleted"),
        op("updated_at", "deleted with the row"), op("version", "deleted with the row"))));
    all.add(new DataRecord("outbox", Erase.DELETE, List.of(op("id", "random"), op("aggregatetype", "outbound"),
        pseudonym("aggregateid", true, "the customer id: the rows are deleted, nothing is sent to an erased person"),
        op("type", "send or timer"), personal("payload", "decision, step, customer, dedup key: deleted"),
        tenant(), op("created_at", "claim state"), op("due_at", "claim state"), op("lease_until", "claim state"),
        op("lease_owner", "claim state"), op("version", "claim state"), op("attempts", "claim state"),
        personal("last_error", "a provider's error may quote the address: deleted"))));
    all.add(new DataRecord("customers", Erase.BLANK, List.of(tenant(),
        pseudonym("id", false, "kept as the anonymous key of the kept metrics; the customer is not found any more"),
        op("version", "locking"), op("created_at", "metrics"), op("updated_at", "metrics"),
        pseudonym("merged_into", false, "kept: the group stays one anonymous key"),
        personal("attributes", "name, birthday, whatever the application stored: cleared"),
        personal("consents", "cleared; the receipt keeps which consents were withdrawn, without any identifier"),
        personal("preferences", "contact preferences: reset"), op("erased_at", "when the customer was erased"))));
    all.add(new DataRecord("privacy_erasures", Erase.WRITTEN, List.of(tenant(),
        pseudonym("customer_id", false, "the erased customer id, so a second erase returns the first receipt"),
        op("request_id", "the application's request id"), op("erased_at", "when"),
        op("receipt", "counts per record kind and the withdrawn consents' channel and purpose"))));
    all.add(new DataRecord("privacy_tombstones", Erase.WRITTEN, List.of(tenant(),
        pseudonym("digest", false, "HMAC-SHA256 of the erased identity under the tenant's secret"),
        op("created_at", "when the identity was erased"))));
    all.add(new DataRecord("agents", Erase.NONE, List.of(tenant(), op("id", "an agent id"), op("version", "locking"),
        op("agent", "the staff directory (an employee's profile, presence, capacity); no customer data"))));
    all.add(new DataRecord("webhook_tokens", Erase.NONE, List.of(tenant(), op("adapter", "adapter id"),
        op("token", "the provider's random one-time token"),
        op("digest", "SHA-256 of a webhook body: not reversible, forgotten at expiry"),
        op("expires_at", "end of the replay window"))));
    all.add(new DataRecord("poll_cursors", Erase.NONE, List.of(tenant(), op("adapter", "adapter id"),
        op("source", "the retailer's own mailbox and folder (login, host, folder name): no customer's"),
        op("validity", "IMAP UIDVALIDITY of the folder"), op("last_item", "the last IMAP UID handed to the pipeline"),
        op("updated_at", "when the position was saved"))));
    all.add(new DataRecord("schema_history", Erase.NONE, List.of(op("version", "migration bookkeeping"),
        op("description", "migration bookkeeping"), op("applied_at", "migration bookkeeping"))));
    all.add(new DataRecord("schema_lock", Erase.NONE, List.of(op("id", "the migration lock row (H2)"))));
    Map<String, DataRecord> out = new LinkedHashMap<>();
    all.forEach(r -> out.put(r.name(), r));
    return out;
  }
}
