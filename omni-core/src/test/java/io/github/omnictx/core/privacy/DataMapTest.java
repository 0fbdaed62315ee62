package io.github.omnictx.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.timeline.Touchpoint;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The data map against the in-memory store's own record shapes: every map the store keeps per tenant
 * is one of the map's records, and every field of the main value types is classified under its
 * record. (The JDBC store's tables and columns are checked against the live schema by its own test.)
 */
class DataMapTest {

  /** What each per-tenant map of the in-memory store holds, as a record of the data map. */
  private static final Map<String, String> MEMORY_RECORDS = Map.ofEntries(
      Map.entry("customers", "customers"), Map.entry("identityIndex", "identities"),
      Map.entry("touchpoints", "touchpoints"), Map.entry("externalIndex", "touchpoints"),
      Map.entry("byCustomer", "touchpoints"), Map.entry("conversations", "conversations"),
      Map.entry("merges", "merges"), Map.entry("handoffs", "handoffs"), Map.entry("agents", "agents"),
      Map.entry("webhookTokens", "webhook_tokens"), Map.entry("pollCursors", "poll_cursors"), Map.entry("decisions", "outbound_decisions"),
      Map.entry("decisionsByKey", "outbound_decisions"), Map.entry("progress", "outbound_decisions"),
      Map.entry("erasures", "privacy_erasures"), Map.entry("erasuresByRequest", "privacy_erasures"),
      Map.entry("tombstones", "privacy_tombstones"), Map.entry("runs", "journey_runs"),
      Map.entry("runKeys", "journey_runs"));

  /**
   * The value types' fields that the JDBC store spells differently or keeps in a JSON column, and
   * where the data map classifies them.
   */
  private static final Map<String, String> FIELD_ALIASES = Map.ofEntries(
      Map.entry("Customer.identities", "identities.identity_value"),
      Map.entry("Customer.mergedInto", "customers.merged_into"),
      Map.entry("Customer.createdAt", "customers.created_at"), Map.entry("Customer.updatedAt", "customers.updated_at"),
      Map.entry("Touchpoint.customerId", "touchpoints.customer_id"),
      Map.entry("Touchpoint.occurredAt", "touchpoints.occurred_at"),
      Map.entry("Touchpoint.recordedAt", "touchpoints.recorded_at"),
      Map.entry("Touchpoint.conversationId", "touchpoints.conversation_id"),
      Map.entry("Touchpoint.externalId", "touchpoints.external_id"));

  @Test
  void everyMapTheInMemoryStoreKeepsIsARecordOfTheDataMap() throws Exception {
    Class<?> tenantData = Class.forName("io.github.omnictx.core.memory.TenantData");
    List<String> unmapped = new ArrayList<>();
    for (Field f : tenantData.getDeclaredFields()) {
      if (!Map.class.isAssignableFrom(f.getType()) || Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      String record = MEMORY_RECORDS.get(f.getName());
      if (record == null || DataMap.record(record).isEmpty()) {
        unmapped.add(f.getName());
      }
    }
    assertThat(unmapped).as("in-memory maps the data map does not classify").isEmpty();
  }

  @Test
  void everyFieldOfTheStoredValuesIsClassified() {
    List<String> unclassified = new ArrayList<>();
    check(Customer.class, "customers", unclassified);
    check(Touchpoint.class, "touchpoints", unclassified);
    assertThat(unclassified).as("value fields the data map does not classify").isEmpty();
    // Kept whole as JSON in one classified column each:
    assertThat(DataMap.get("merges").field("record")).isPresent();
    assertThat(DataMap.get("outbound_decisions").field("decision")).isPresent();
    assertThat(MergeRecord.class.isRecord()).isTrue();
    assertThat(OutboundDecision.class).isNotNull();
  }

  private static void check(Class<?> type, String record, List<String> out) {
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      String alias = FIELD_ALIASES.get(type.getSimpleName() + "." + f.getName());
      String[] target = alias != null ? alias.split("\\.") : new String[] {record, snake(f.getName())};
      boolean known = DataMap.record(target[0]).flatMap(r -> r.field(target[1])).isPresent();
      if (!known) {
        out.add(type.getSimpleName() + "." + f.getName());
      }
    }
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void everyPersonalFieldIsErasedAndEveryRecordIsNamedOnce() {
    TreeSet<String> names = new TreeSet<>();
    for (DataRecord r : DataMap.records()) {
      assertThat(names.add(r.name())).as("record %s named once", r.name()).isTrue();
      r.fields().stream().filter(f -> f.dataClass() == DataClass.PERSONAL)
          .forEach(f -> assertThat(f.erased()).as("%s.%s", r.name(), f.name()).isTrue());
    }
    assertThat(names).contains("customers", "identities", "touchpoints", "outbox", "privacy_tombstones");
  }
}
