package io.github.omnictx.core.testkit;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.outbound.DispatchRun;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Runs journeys against the in-memory store on a {@link VirtualClock}: record touchpoints through
 * {@link #tenant()}, then {@link #advance} time; every timer and send due on the way fires at its
 * due time, in order, through a real dispatcher. Every standard channel that allows outbound
 * messages gets a recording sender (unless the application registers its own adapter for it), so
 * what the journeys sent is in {@link #sent()}.
 *
 * <pre>{@code
 * JourneyTestKit kit = JourneyTestKit.builder().journey(BuiltInJourneys.abandonedCart()).build();
 * OmniTenant shop = kit.tenant();
 * // ... create a customer, record cart_abandoned
 * kit.advance(Duration.ofMinutes(20));
 * assertThat(kit.sent()).hasSize(2);
 * }</pre>
 *
 * <p>Not thread-safe: drive it from the test's thread.
 */
public final class JourneyTestKit {
  /** Where the clock starts unless told otherwise: Monday 2 March 2026, 09:00 UTC. */
  public static final Instant DEFAULT_START = Instant.parse("2026-03-02T09:00:00Z");
  private static final int MAX_TURNS = 100_000;

  /**
   * What a recording sender was asked to send.
   *
   * @param channel the channel
   * @param message the message (its idempotency key is the outbound touchpoint's id)
   * @param at when, by the virtual clock
   */
  public record Sent(ChannelId channel, OutboundMessage message, Instant at) {
    /** @return the outbound touchpoint of the send */
    public TouchpointId touchpoint() {
      return TouchpointId.of(message.idempotencyKey());
    }

    /** @return the text sent, empty for a template */
    public String text() {
      return message.text().orElse("");
    }
  }

  private final VirtualClock clock;
  private final InMemoryStore store;
  private final Omni omni;
  private final OmniTenant tenant;
  private final OutboundDispatcher dispatcher;
  private final List<Sent> sent;

  private JourneyTestKit(Builder b) {
    this.clock = new VirtualClock(b.start);
    this.store = new InMemoryStore(clock);
    this.sent = new CopyOnWriteArrayList<>();
    Omni.Builder ob = Omni.builder().store(store).clock(clock);
    b.journeys.forEach(ob::journey);
    b.configure.accept(ob);
    Omni probe = ob.build();
    Set<ChannelId> covered = new java.util.HashSet<>();
    probe.adapters().values().stream().filter(a -> a instanceof OutboundAdapter o && o.sends())
        .map(ChannelAdapter::channel).forEach(covered::add);
    for (Channel c : probe.channels().values()) {
      if (c.outboundAllowed() && !covered.contains(c.id())) {
        ob.adapter(new Recorder(c.id()));
      }
    }
    this.omni = ob.build();
    this.tenant = omni.tenant(b.tenant);
    this.dispatcher = omni.dispatcher(DispatcherSettings.builder().nodeId("journey-test-kit")
        .tenants(Set.of(b.tenant)).build());
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the virtual clock */
  public VirtualClock clock() {
    return clock;
  }

  /** @return now, by the virtual clock */
  public Instant now() {
    return clock.instant();
  }

  /** @return the Omni instance under test */
  public Omni omni() {
    return omni;
  }

  /** @return the tenant the kit drives */
  public OmniTenant tenant() {
    return tenant;
  }

  /** @return the store */
  public InMemoryStore store() {
    return store;
  }

  /** @return what the recording senders were asked to send, in order */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /**
   * @param channel a channel
   * @return what was sent on it, in order
   */
  public List<Sent> sent(ChannelId channel) {
    return sent.stream().filter(s -> s.channel().equals(channel)).toList();
  }

  /**
   * Marks a send as read, as the provider's read receipt would.
   *
   * @param s what was sent
   * @return the touchpoint after the change
   */
  public Touchpoint markRead(Sent s) {
    return tenant.timeline().updateStatus(s.touchpoint(), DeliveryStatus.READ);
  }

  /**
   * Moves time forward, firing everything that falls due on the way at its due time, in order,
   * and everything due at the end.
   *
   * @param step how far, not negative
   * @return this kit
   * @throws IllegalArgumentException if the step is negative
   * @throws IllegalStateException if the journeys keep the outbox busy without end
   */
  public JourneyTestKit advance(Duration step) {
    if (Checks.notNull(step, "step").isNegative()) {
      throw new IllegalArgumentException("step must not be negative, was: " + step);
    }
    Instant target = clock.instant().plus(step);
    drain();
    for (int turn = 0; turn < MAX_TURNS; turn++) {
      Optional<Instant> next = store.outbox().stats(target, Set.of(tenant.id())).oldestDue();
      if (next.isEmpty()) {
        clock.set(target);
        drain();
        return this;
      }
      // A row due but not claimable (a lease to run out) moves time on by a second.
      Instant at = next.get().isAfter(clock.instant()) ? next.get() : clock.instant().plusSeconds(1);
      clock.set(at.isAfter(target) ? target : at);
      drain();
      if (!clock.instant().isBefore(target) && store.outbox().stats(target, Set.of(tenant.id())).due() == 0) {
        return this;
      }
    }
    throw new IllegalStateException("the outbox did not settle within " + MAX_TURNS + " turns");
  }

  /** Runs the dispatcher until it claims nothing more that is due now. */
  public void drain() {
    for (int i = 0; i < MAX_TURNS; i++) {
      DispatchRun run = dispatcher.runOnce();
      if (run.claimed() == 0) {
        return;
      }
    }
    throw new IllegalStateException("the dispatcher kept claiming for " + MAX_TURNS + " runs");
  }

  /** Records sends instead of making them. */
  private final class Recorder implements OutboundAdapter {
    private final ChannelId channel;

    Recorder(ChannelId channel) {
      this.channel = channel;
    }

    @Override
    public String id() {
      return "journey-test-kit-" + channel.value();
    }

    @Override
    public ChannelId channel() {
      return channel;
    }

    @Override
    public SendReceipt send(OutboundMessage message) {
      sent.add(new Sent(channel, message, clock.instant()));
      return new SendReceipt("kit-" + channel.value() + "-" + sent.size(), DeliveryStatus.SENT);
    }
  }

  /** Configures a {@link JourneyTestKit}. Not thread-safe. */
  public static final class Builder {
    private Instant start = DEFAULT_START;
    private TenantId tenant = TenantId.of("journey-test");
    private final List<Journey> journeys = new ArrayList<>();
    private Consumer<Omni.Builder> configure = b -> {};

    private Builder() {}

    /**
     * @param start where the virtual clock starts
     * @return this builder
     */
    public Builder start(Instant start) {
      this.start = Checks.notNull(start, "start");
      return this;
    }

    /**
     * @param tenant the tenant the kit drives
     * @return this builder
     */
    public Builder tenant(TenantId tenant) {
      this.tenant = Checks.notNull(tenant, "tenant");
      return this;
    }

    /**
     * @param journey a journey to register
     * @return this builder
     */
    public Builder journey(Journey journey) {
      journeys.add(Checks.notNull(journey, "journey"));
      return this;
    }

    /**
     * @param configure anything else on the Omni builder (adapters, loyalty, policies); the kit
     *     sets the store and the clock
     * @return this builder
     */
    public Builder configure(Consumer<Omni.Builder> configure) {
      this.configure = Checks.notNull(configure, "configure");
      return this;
    }

    /**
     * @return the kit
     * @throws IllegalArgumentException if a journey is refused at registration
     */
    public JourneyTestKit build() {
      return new JourneyTestKit(this);
    }
  }
}
