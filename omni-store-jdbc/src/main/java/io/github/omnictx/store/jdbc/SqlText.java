package io.github.omnictx.store.jdbc;

/** The statements the store sends, built once per store for its dialect and table prefix. */
final class SqlText {
  static final String TOUCHPOINT_COLUMNS =
      "id, customer_id, channel, type, direction, occurred_at, recorded_at, conversation_id, external_id, payload, status";
  static final String CONVERSATION_COLUMNS = "id, customer_id, status, owner, channels, topic, priority, tags, opened_at, "
      + "updated_at, last_inbound_at, first_response_at, resolved_at, snoozed_until, first_response_due_at, "
      + "resolution_due_at, version, last_channel, queued_at, last_agent, last_agent_at, skills, language, "
      + "handoff_pending, first_response_breached, resolution_breached";

  final String customers;
  final String identities;
  final String touchpoints;
  final String conversations;

  final String findCustomer;
  final String customerVersion;
  final String insertCustomer;
  final String updateCustomer;
  final String identitiesOf;
  final String insertIdentity;
  final String deleteIdentity;
  final String mergedInto;

  final String appendTouchpoint;
  final String insertTouchpoint;
  final String findTouchpoint;
  final String touchpointsByExternalId;
  final String updateStatus;
  final String updateStatusFromNone;

  final String findConversation;
  final String insertConversation;
  final String updateConversation;
  final String conversationVersion;

  final String agents;
  final String handoffs;
  final String merges;
  final String insertMerge;
  final String insertMergeCustomer;
  final String findMerge;
  final String mergesOfCustomer;
  final String reverseMerge;

  SqlText(JdbcDialect dialect, String prefix) {
    customers = prefix + "customers";
    identities = prefix + "identities";
    touchpoints = prefix + "touchpoints";
    conversations = prefix + "conversations";

    // The customer with its identities, and (part 1) who was merged into it: services that read a
    // customer almost always ask that next (timeline reads span the merge group), so one round trip.
    findCustomer = "SELECT 0 AS part, c.id, c.version, c.created_at, c.updated_at, c.merged_into, c.attributes, "
        + "c.consents, c.preferences, i.kind, i.identity_value FROM " + customers + " c LEFT JOIN " + identities
        + " i ON i.tenant = c.tenant AND i.customer_id = c.id WHERE c.tenant = ? AND c.id = ? AND c.erased_at IS NULL"
        + " UNION ALL SELECT 1, m.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM " + customers
        + " m WHERE m.tenant = ? AND m.merged_into = ?";
    customerVersion = "SELECT version FROM " + customers + " WHERE tenant = ? AND id = ?";
    insertCustomer = "INSERT INTO " + customers + " (tenant, id, version, created_at, updated_at, merged_into, "
        + "attributes, consents, preferences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    updateCustomer = "UPDATE " + customers + " SET version = ?, created_at = ?, updated_at = ?, merged_into = ?, "
        + "attributes = ?, consents = ?, preferences = ? WHERE tenant = ? AND id = ? AND version = ?";
    identitiesOf = "SELECT kind, identity_value FROM " + identities + " WHERE tenant = ? AND customer_id = ?";
    insertIdentity = "INSERT INTO " + identities + " (tenant, kind, identity_value, customer_id) VALUES (?, ?, ?, ?)";
    deleteIdentity = "DELETE FROM " + identities + " WHERE tenant = ? AND kind = ? AND identity_value = ? AND customer_id = ?";
    mergedInto = "SELECT id FROM " + customers + " WHERE tenant = ? AND merged_into = ? ORDER BY id";

    insertTouchpoint = "INSERT INTO " + touchpoints + " (tenant, " + TOUCHPOINT_COLUMNS + ") VALUES "
        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + dialect.jsonParameter() + ", ?)";
    appendTouchpoint = insertTouchpoint + dialect.appendSuffix(prefix);
    findTouchpoint = "SELECT " + TOUCHPOINT_COLUMNS + " FROM " + touchpoints + " WHERE tenant = ? AND id = ?";
    touchpointsByExternalId = "SELECT " + TOUCHPOINT_COLUMNS + " FROM " + touchpoints + " WHERE tenant = ? AND (";
    updateStatus = "UPDATE " + touchpoints + " SET status = ? WHERE tenant = ? AND id = ? AND status = ?";
    updateStatusFromNone = "UPDATE " + touchpoints + " SET status = ? WHERE tenant = ? AND id = ? AND status IS NULL";

    findConversation = "SELECT " + CONVERSATION_COLUMNS + " FROM " + conversations + " WHERE tenant = ? AND id = ?";
    insertConversation = "INSERT INTO " + conversations + " (tenant, " + CONVERSATION_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    updateConversation = "UPDATE " + conversations + " SET customer_id = ?, status = ?, owner = ?, channels = ?, "
        + "topic = ?, priority = ?, tags = ?, opened_at = ?, updated_at = ?, last_inbound_at = ?, first_response_at = ?, "
        + "resolved_at = ?, snoozed_until = ?, first_response_due_at = ?, resolution_due_at = ?, version = ?, "
        + "last_channel = ?, queued_at = ?, last_agent = ?, last_agent_at = ?, skills = ?, language = ?, "
        + "handoff_pending = ?, first_response_breached = ?, resolution_breached = ? "
        + "WHERE tenant = ? AND id = ? AND version = ?";
    conversationVersion = "SELECT version FROM " + conversations + " WHERE tenant = ? AND id = ?";

    agents = prefix + "agents";
    handoffs = prefix + "handoffs";
    merges = prefix + "merges";
    String mergeCustomers = prefix + "merge_customers";
    insertMerge = "INSERT INTO " + merges + " (tenant, id, survivor, merged_at, reversed_at, cause, record) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?)";
    insertMergeCustomer = "INSERT INTO " + mergeCustomers + " (tenant, customer_id, merge_id) VALUES (?, ?, ?)";
    findMerge = "SELECT id, reversed_at, record FROM " + merges + " WHERE tenant = ? AND id = ?";
    mergesOfCustomer = "SELECT m.id, m.reversed_at, m.record FROM " + mergeCustomers + " x JOIN " + merges
        + " m ON m.tenant = x.tenant AND m.id = x.merge_id WHERE x.tenant = ? AND x.customer_id = ?"
        + " ORDER BY m.merged_at, m.id";
    reverseMerge = "UPDATE " + merges + " SET reversed_at = ? WHERE tenant = ? AND id = ? AND reversed_at IS NULL";
  }
}
