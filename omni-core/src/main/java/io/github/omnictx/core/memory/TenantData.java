package io.github.omnictx.core.memory;

import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.journey.JourneyRunId;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundProgress;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.privacy.ErasureReceipt;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One tenant's records and the indexes over them, shared by the repositories of every unit of work
 * on the tenant. Guarded by {@link #lock}: a unit of work holds it from start to end, so only one
 * unit at a time reads or changes these maps.
 */
final class TenantData {
  final ReentrantLock lock = new ReentrantLock();
  final Map<CustomerId, Customer> customers = new HashMap<>();
  final Map<Identity, CustomerId> identityIndex = new HashMap<>();
  final Map<TouchpointId, Touchpoint> touchpoints = new HashMap<>();
  /** Touchpoint ids by (channel, external id), see {@link InMemoryTouchpoints#externalKey}. */
  final Map<String, TouchpointId> externalIndex = new HashMap<>();
  /** Each customer's touchpoints in timeline order. */
  final Map<CustomerId, NavigableSet<Touchpoint>> byCustomer = new HashMap<>();
  final Map<ConversationId, Conversation> conversations = new LinkedHashMap<>();
  final Map<MergeId, MergeRecord> merges = new HashMap<>();
  final Map<HandoffId, Handoff> handoffs = new LinkedHashMap<>();
  final Map<AgentId, Agent> agents = new TreeMap<>();
  /** Remembered webhook tokens by (adapter, token). */
  final Map<String, WebhookToken> webhookTokens = new HashMap<>();
  final Map<String, io.github.omnictx.core.webhook.PollPosition> pollCursors = new HashMap<>();
  final Map<DecisionId, OutboundDecision> decisions = new LinkedHashMap<>();
  /** Decision ids by dedup key. */
  final Map<String, DecisionId> decisionsByKey = new HashMap<>();
  final Map<DecisionId, OutboundProgress> progress = new HashMap<>();
  final Map<JourneyRunId, JourneyRun> runs = new LinkedHashMap<>();
  /** Run ids by (journey, correlation key, sequence), see {@link InMemoryJourneyRuns#key}. */
  final Map<String, JourneyRunId> runKeys = new HashMap<>();
  /** Erase receipts by each customer id they name. */
  final Map<CustomerId, ErasureReceipt> erasures = new HashMap<>();
  /** Erase receipts by request id. */
  final Map<String, ErasureReceipt> erasuresByRequest = new HashMap<>();
  /** Tombstones (keyed hashes of erased identities) and when they were made. */
  final Map<String, Instant> tombstones = new HashMap<>();

  /** A remembered webhook token: the digest of its content and when it may be forgotten. */
  record WebhookToken(String digest, Instant expiresAt) {}
}
