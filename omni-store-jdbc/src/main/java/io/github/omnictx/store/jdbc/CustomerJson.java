package io.github.omnictx.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.consent.QuietHours;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.service.MergeRecord;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON shapes of a customer's profile (attributes, consents, preferences) and of whole customer
 * snapshots in merge records. Every field round-trips exactly: instants as ISO-8601 text (micros
 * kept), times of day as {@code HH:mm[:ss]}.
 */
final class CustomerJson {
  private CustomerJson() {}

  static ArrayNode consents(Customer customer) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (Consent k : customer.consents()) {
      a.addObject().put("channel", k.channel().value()).put("purpose", k.purpose().name())
          .put("status", k.status().name()).put("source", k.source()).put("at", k.at().toString());
    }
    return a;
  }

  static ObjectNode preferences(Customer customer) {
    ContactPreferences p = customer.preferences();
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode channels = o.putArray("channels");
    p.preferredChannels().forEach(ch -> channels.add(ch.value()));
    p.quietHours().ifPresent(q -> o.putObject("quietHours").put("start", q.start().toString()).put("end", q.end().toString()));
    o.put("zone", p.zone().getId());
    return o;
  }

  /** Sets attributes, consents and preferences on a builder from their JSON. */
  static void profile(Customer.Builder b, JsonNode attributes, JsonNode consents, JsonNode preferences) {
    attributes.fields().forEachRemaining(e -> b.attribute(e.getKey(), e.getValue().asText()));
    for (JsonNode n : consents) {
      b.consent(new Consent(ChannelId.of(n.get("channel").asText()), Purpose.valueOf(n.get("purpose").asText()),
          ConsentStatus.valueOf(n.get("status").asText()), n.get("source").asText(), Instant.parse(n.get("at").asText())));
    }
    List<ChannelId> preferred = new ArrayList<>();
    preferences.get("channels").forEach(n -> preferred.add(ChannelId.of(n.asText())));
    JsonNode quiet = preferences.get("quietHours");
    Optional<QuietHours> qh = quiet == null || quiet.isNull() ? Optional.empty()
        : Optional.of(new QuietHours(LocalTime.parse(quiet.get("start").asText()), LocalTime.parse(quiet.get("end").asText())));
    b.preferences(new ContactPreferences(preferred, qh, ZoneId.of(preferences.get("zone").asText())));
  }

  static ObjectNode snapshot(Customer c) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", c.id().toString()).put("version", c.version()).put("createdAt", c.createdAt().toString())
        .put("updatedAt", c.updatedAt().toString());
    c.mergedInto().ifPresent(m -> o.put("mergedInto", m.toString()));
    o.set("identities", identities(c.identities()));
    ObjectNode attributes = o.putObject("attributes");
    c.attributes().forEach(attributes::put);
    o.set("consents", consents(c));
    o.set("preferences", preferences(c));
    return o;
  }

  static Customer snapshot(JsonNode o) {
    Customer.Builder b = Customer.builder(CustomerId.of(o.get("id").asText()), Instant.parse(o.get("createdAt").asText()))
        .updatedAt(Instant.parse(o.get("updatedAt").asText()))
        .version(o.get("version").asLong());
    JsonNode merged = o.get("mergedInto");
    b.mergedInto(merged == null ? null : CustomerId.of(merged.asText()));
    b.identities(identities(o.get("identities")));
    profile(b, o.get("attributes"), o.get("consents"), o.get("preferences"));
    return b.build();
  }

  private static ArrayNode identities(Set<Identity> identities) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    identities.forEach(i -> a.addObject().put("kind", i.kind().name()).put("value", i.value()));
    return a;
  }

  private static Set<Identity> identities(JsonNode a) {
    Set<Identity> out = new LinkedHashSet<>();
    a.forEach(n -> out.add(Identity.of(IdentityKind.valueOf(n.get("kind").asText()), n.get("value").asText())));
    return out;
  }

  private static ArrayNode ids(List<CustomerId> ids) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    ids.forEach(id -> a.add(id.toString()));
    return a;
  }

  /** A merge record as JSON, without its id and reversal time (those are columns). */
  static String record(MergeRecord r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("survivor", r.survivor().toString());
    o.set("absorbed", ids(r.absorbed()));
    o.set("survivorBefore", snapshot(r.survivorBefore()));
    ArrayNode absorbedBefore = o.putArray("absorbedBefore");
    r.absorbedBefore().forEach(c -> absorbedBefore.add(snapshot(c)));
    o.set("survivorAfter", snapshot(r.survivorAfter()));
    o.set("identities", identities(r.identities()));
    o.put("cause", r.cause());
    o.put("mergedAt", r.mergedAt().toString());
    return o.toString();
  }

  static MergeRecord record(MergeId id, String json, Optional<Instant> reversedAt) {
    JsonNode o = Json.read(json);
    List<CustomerId> absorbed = new ArrayList<>();
    o.get("absorbed").forEach(n -> absorbed.add(CustomerId.of(n.asText())));
    List<Customer> absorbedBefore = new ArrayList<>();
    o.get("absorbedBefore").forEach(n -> absorbedBefore.add(snapshot(n)));
    return new MergeRecord(id, CustomerId.of(o.get("survivor").asText()), absorbed, snapshot(o.get("survivorBefore")),
        absorbedBefore, snapshot(o.get("survivorAfter")), identities(o.get("identities")), o.get("cause").asText(),
        Instant.parse(o.get("mergedAt").asText()), reversedAt);
  }
}
