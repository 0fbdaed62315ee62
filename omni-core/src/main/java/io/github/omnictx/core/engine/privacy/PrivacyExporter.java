package io.github.omnictx.core.engine.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundStep;
import io.github.omnictx.core.privacy.DataMap;
import io.github.omnictx.core.privacy.DataRecord;
import io.github.omnictx.core.privacy.PrivacyExport;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TimelineSlice;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.Touchpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the export document ({@link PrivacyExport}) of a merge group: walks {@link
 * DataMap#records()} and writes the records of each kind that is about people with that kind's
 * {@link #WRITERS writer}, straight to the stream, touchpoints page by page. Not API. Thread-safe.
 */
final class PrivacyExporter {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Touchpoints read per page. */
  static final int PAGE = 2000;

  /** Writes one record kind's array members. */
  @FunctionalInterface
  interface Writer {
    void write(StoreTransaction tx, Group group, JsonGenerator out) throws IOException;
  }

  /** The group being exported. */
  record Group(List<Customer> customers, Set<CustomerId> ids, List<Conversation> conversations) {}

  /**
   * The writers by record name; records about people that another kind already covers, or that
   * hold only what the erase wrote, map to none.
   */
  static final Map<String, Optional<Writer>> WRITERS = writers();

  private final UnitOfWork uow;

  PrivacyExporter(UnitOfWork uow) {
    this.uow = uow;
  }

  private static Map<String, Optional<Writer>> writers() {
    Map<String, Optional<Writer>> m = new LinkedHashMap<>();
    m.put("identities", Optional.of((tx, g, out) -> {
      for (Customer c : g.customers()) {
        for (Identity i : c.identities()) {
          out.writeStartObject();
          out.writeStringField("customer", c.id().toString());
          out.writeStringField("kind", i.kind().name());
          out.writeStringField("value", i.value());
          out.writeEndObject();
        }
      }
    }));
    m.put("touchpoints", Optional.of(PrivacyExporter::touchpoints));
    m.put("conversations", Optional.of((tx, g, out) -> {
      for (Conversation c : g.conversations()) {
        out.writeStartObject();
        out.writeStringField("id", c.id().toString());
        out.writeStringField("customer", c.customerId().toString());
        out.writeStringField("status", c.status().name());
        if (c.topic().isPresent()) {
          out.writeStringField("topic", c.topic().get());
        }
        out.writeArrayFieldStart("tags");
        for (String tag : c.tags()) {
          out.writeString(tag);
        }
        out.writeEndArray();
        out.writeArrayFieldStart("channels");
        for (ChannelId ch : c.channels()) {
          out.writeString(ch.value());
        }
        out.writeEndArray();
        out.writeStringField("openedAt", c.openedAt().toString());
        out.writeEndObject();
      }
    }));
    m.put("handoffs", Optional.of((tx, g, out) -> {
      for (Conversation c : g.conversations()) {
        for (Handoff h : tx.handoffs().findByConversation(c.id())) {
          out.writeStartObject();
          out.writeStringField("id", h.id().toString());
          out.writeStringField("conversation", h.conversationId().toString());
          out.writeStringField("status", h.status().name());
          out.writeStringField("reason", h.reason());
          out.writeStringField("offeredAt", h.offeredAt().toString());
          if (!h.details().isEmpty()) {
            out.writeFieldName("details");
            out.writeTree(h.details());
          }
          out.writeEndObject();
        }
      }
    }));
    m.put("merges", Optional.of((tx, g, out) -> {
      Map<Object, MergeRecord> seen = new LinkedHashMap<>();
      for (CustomerId id : g.ids()) {
        tx.mergeJournal().findByCustomer(id).forEach(r -> seen.putIfAbsent(r.id(), r));
      }
      for (MergeRecord r : seen.values()) {
        out.writeStartObject();
        out.writeStringField("id", r.id().toString());
        out.writeStringField("survivor", r.survivor().toString());
        out.writeArrayFieldStart("absorbed");
        for (CustomerId a : r.absorbed()) {
          out.writeString(a.toString());
        }
        out.writeEndArray();
        out.writeStringField("mergedAt", r.mergedAt().toString());
        out.writeBooleanField("reversed", r.reversedAt().isPresent());
        out.writeStringField("cause", r.cause());
        out.writeEndObject();
      }
    }));
    m.put("merge_customers", Optional.empty()); // the merges above
    m.put("journey_runs", Optional.of((tx, g, out) -> {
      for (JourneyRun r : tx.journeys().findByCustomers(g.ids(), Integer.MAX_VALUE)) {
        out.writeStartObject();
        out.writeStringField("id", r.id().toString());
        out.writeStringField("customer", r.customer().toString());
        out.writeStringField("journey", r.journey());
        out.writeNumberField("journeyVersion", r.journeyVersion());
        out.writeStringField("correlationKey", r.correlationKey());
        out.writeStringField("status", r.status().name());
        out.writeStringField("startedAt", r.startedAt().toString());
        if (r.reason().isPresent()) {
          out.writeStringField("reason", r.reason().get());
        }
        out.writeEndObject();
      }
    }));
    m.put("outbound_decisions", Optional.of((tx, g, out) -> {
      for (OutboundDecision d : tx.outbound().findByCustomers(g.ids(), Integer.MAX_VALUE)) {
        out.writeStartObject();
        out.writeStringField("id", d.id().toString());
        out.writeStringField("customer", d.customer().toString());
        out.writeStringField("purpose", d.purpose().name());
        out.writeStringField("outcome", d.outcome().name());
        out.writeStringField("decidedAt", d.decidedAt().toString());
        out.writeArrayFieldStart("steps");
        for (OutboundStep s : d.steps()) {
          out.writeStartObject();
          out.writeStringField("channel", s.channel().value());
          out.writeStringField("address", s.address().value());
          if (s.text().isPresent()) {
            out.writeStringField("text", s.text().get());
          }
          out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
      }
    }));
    m.put("outbox", Optional.empty()); // transient copies of the decisions above
    m.put("customers", Optional.of((tx, g, out) -> {
      for (Customer c : g.customers()) {
        out.writeStartObject();
        out.writeStringField("id", c.id().toString());
        out.writeStringField("createdAt", c.createdAt().toString());
        out.writeStringField("updatedAt", c.updatedAt().toString());
        if (c.mergedInto().isPresent()) {
          out.writeStringField("mergedInto", c.mergedInto().get().toString());
        }
        out.writeObjectFieldStart("attributes");
        for (Map.Entry<String, String> a : c.attributes().entrySet()) {
          out.writeStringField(a.getKey(), a.getValue());
        }
        out.writeEndObject();
        out.writeObjectFieldStart("preferences");
        out.writeArrayFieldStart("preferredChannels");
        for (ChannelId ch : c.preferences().preferredChannels()) {
          out.writeString(ch.value());
        }
        out.writeEndArray();
        out.writeStringField("zone", c.preferences().zone().getId());
        out.writeEndObject();
        out.writeEndObject();
      }
      out.writeEndArray();
      // Consents live on the customer record; they get an array of their own. A merge folded the
      // absorbed customers' answers into the survivor's (the most restrictive wins): its are the ones in force.
      out.writeArrayFieldStart("consents");
      for (Customer c : g.customers()) {
        for (Consent consent : c.isLive() ? c.consents() : List.<Consent>of()) {
          out.writeStartObject();
          out.writeStringField("customer", c.id().toString());
          out.writeStringField("channel", consent.channel().value());
          out.writeStringField("purpose", consent.purpose().name());
          out.writeStringField("status", consent.status().name());
          out.writeStringField("source", consent.source());
          out.writeStringField("at", consent.at().toString());
          out.writeEndObject();
        }
      }
    }));
    return Map.copyOf(m);
  }

  private static void touchpoints(StoreTransaction tx, Group g, JsonGenerator out) throws IOException {
    Optional<TimelinePosition> after = Optional.empty();
    while (true) {
      List<Touchpoint> page = tx.touchpoints().page(new TimelineSlice(g.ids(), Set.of(), Set.of(), Optional.empty(),
          Optional.empty(), Optional.empty(), TimelineOrder.OLDEST_FIRST, after, PAGE));
      for (Touchpoint t : page) {
        out.writeStartObject();
        out.writeStringField("id", t.id().toString());
        out.writeStringField("customer", t.customerId().toString());
        out.writeStringField("channel", t.channel().value());
        out.writeStringField("type", t.type().value());
        out.writeStringField("direction", t.direction().name());
        out.writeStringField("occurredAt", t.occurredAt().toString());
        out.writeStringField("recordedAt", t.recordedAt().toString());
        if (t.conversationId().isPresent()) {
          out.writeStringField("conversation", t.conversationId().get().toString());
        }
        if (t.externalId().isPresent()) {
          out.writeStringField("externalId", t.externalId().get());
        }
        if (t.status().isPresent()) {
          out.writeStringField("status", t.status().get().name());
        }
        out.writeFieldName("payload");
        out.writeTree(t.payload());
        out.writeEndObject();
      }
      if (page.size() < PAGE) {
        return;
      }
      after = Optional.of(TimelinePosition.of(page.get(page.size() - 1)));
    }
  }

  void export(CustomerId customer, OutputStream stream) {
    try (JsonGenerator out = JSON.createGenerator(stream)) {
      out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      uow.read(tx -> {
        Customer live = MergeGroups.live(tx, customer);
        Set<CustomerId> ids = new LinkedHashSet<>(MergeGroups.group(tx, live.id()));
        List<Customer> members = new ArrayList<>();
        for (CustomerId id : ids) {
          tx.customers().find(id).ifPresent(members::add);
        }
        Group g = new Group(members, ids, tx.conversations().findByCustomers(ids));
        out.writeStartObject();
        out.writeStringField("format", PrivacyExport.FORMAT);
        out.writeNumberField("version", PrivacyExport.VERSION);
        out.writeStringField("tenant", uow.tenant().value());
        out.writeStringField("customer", customer.toString());
        out.writeStringField("exportedAt", uow.now().toString());
        out.writeObjectFieldStart("records");
        for (DataRecord r : DataMap.records()) {
          Optional<Writer> w = WRITERS.get(r.name());
          if (!r.aboutPeople() || r.erase() == DataRecord.Erase.WRITTEN) {
            continue;
          }
          if (w == null) {
            throw new IllegalStateException("the data map's record " + r.name() + " has no export writer");
          }
          if (w.isPresent()) {
            out.writeArrayFieldStart(r.name());
            w.get().write(tx, g, out);
            out.writeEndArray();
          }
        }
        out.writeEndObject();
        out.writeEndObject();
        out.flush();
        return true;
      });
    } catch (IOException e) {
      throw new UncheckedIOException("writing the export of customer " + customer + " failed", e);
    } catch (StoreException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException("writing the export of customer " + customer + " failed", io);
      }
      throw e;
    }
  }
}
