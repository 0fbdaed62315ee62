package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import java.time.Instant;

/**
 * Something that was committed. Listeners registered on {@code Omni.builder().listener(...)} see
 * events only after the unit of work that produced them committed, in commit order per thread.
 *
 * <p>Sealed: the events are exactly the immutable records of this package, so a {@code switch}
 * over an event can be exhaustive. A new kind of event is a new record here, in a release.
 */
public sealed interface OmniEvent permits ConsentChanged, ConversationAssigned, ConversationJoined,
    ConversationOpened, ConversationStatusChanged, CustomerCreated, CustomerErased, CustomerUpdated, CustomersMerged,
    HandoffAccepted, HandoffDeclined, HandoffExpired, HandoffOffered, HandoffReleased, IdentityLinked,
    IdentityUnlinked, MergeReversed, OutboundDecided, OutboundFailed, OutboundSent, SlaBreached, TouchpointChanged, TouchpointRecorded {

  /** @return the tenant it happened in */
  TenantId tenant();

  /** @return when it was committed, by the configured clock */
  Instant at();
}
