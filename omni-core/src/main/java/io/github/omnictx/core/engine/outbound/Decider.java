package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.OutboundMessage.Template;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.outbound.ChannelVerdict;
import io.github.omnictx.core.outbound.FrequencyCap;
import io.github.omnictx.core.outbound.OutboundDecision.Outcome;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.OutboundPolicy;
import io.github.omnictx.core.outbound.OutboundStep;
import io.github.omnictx.core.outbound.SuppressionReason;
import io.github.omnictx.core.spi.ChannelActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * Decides for an intent from what is known (the {@link Facts}), without touching the store: the
 * checks of the whole intent, then each channel's, then the order of those that passed. Not API.
 * Stateless; see {@code Outbound} for the rules in prose.
 */
public final class Decider {
  private Decider() {}

  /** Counts the decisions a frequency cap counts: per first-step channel, for a purpose, due in {@code [from, until)}. */
  @FunctionalInterface
  public interface CapCounter {
    /**
     * @param purpose the purpose
     * @param from inclusive
     * @param until exclusive
     * @return the counts by channel
     */
    Map<ChannelId, Integer> count(Purpose purpose, Instant from, Instant until);
  }

  /**
   * What a decision is made from.
   *
   * @param customer the live customer
   * @param now the decision time
   * @param policy the tenant's policy
   * @param channels the registered channels
   * @param senders the channels a registered adapter sends on
   * @param activity what the customer did per channel (replies, reads, last inbound, last purchase)
   * @param caps counts earlier decisions for the frequency caps
   */
  public record Facts(Customer customer, Instant now, OutboundPolicy policy, Map<ChannelId, Channel> channels,
      Set<ChannelId> senders, Map<ChannelId, ChannelActivity> activity, CapCounter caps) {}

  /**
   * A decision without its ids.
   *
   * @param outcome what was decided
   * @param steps the plan
   * @param dueAt when the first step is due, null when suppressed
   * @param reason why it was suppressed, null when it sends
   * @param detail the one-line account
   * @param rejected the channels passed over
   */
  public record Draft(Outcome outcome, List<OutboundStep> steps, @Nullable Instant dueAt,
      @Nullable SuppressionReason reason, String detail, List<ChannelVerdict> rejected) {}

  /**
   * The time the scan of the customer's activity must start at for a decision now: early enough
   * for the answer window, the longest service window and the pause after a purchase.
   *
   * @param now the decision time
   * @param policy the policy
   * @param channels the registered channels
   * @return the scan start
   */
  public static Instant scanFrom(Instant now, OutboundPolicy policy, Iterable<Channel> channels) {
    Duration longest = policy.answerWindow();
    for (Channel c : channels) {
      if (c.serviceWindow().isPresent() && c.serviceWindow().get().compareTo(longest) > 0) {
        longest = c.serviceWindow().get();
      }
    }
    if (policy.marketingPauseAfterPurchase().isPresent() && policy.marketingPauseAfterPurchase().get().compareTo(longest) > 0) {
      longest = policy.marketingPauseAfterPurchase().get();
    }
    return now.minus(longest);
  }

  /**
   * Decides.
   *
   * @param intent the intent, already checked against the registry
   * @param f what is known
   * @return the draft decision
   */
  public static Draft decide(OutboundIntent intent, Facts f) {
    Purpose purpose = intent.purpose();
    ContactPreferences prefs = f.customer().preferences();
    Optional<Instant> purchase = f.activity().values().stream().flatMap(a -> a.lastPurchase().stream())
        .max(Comparator.naturalOrder());
    if (purpose == Purpose.MARKETING && f.policy().marketingPauseAfterPurchase().isPresent() && purchase.isPresent()
        && purchase.get().plus(f.policy().marketingPauseAfterPurchase().get()).isAfter(f.now())) {
      return suppressed(SuppressionReason.RECENT_PURCHASE, "marketing paused for "
          + f.policy().marketingPauseAfterPurchase().get() + " after the purchase at " + purchase.get(), List.of());
    }
    Instant sendAt = f.now();
    @Nullable String deferral = null;
    if (f.policy().quietHoursFor().contains(purpose) && prefs.quietHours().isPresent()) {
      sendAt = Timing.endOfQuiet(f.now(), prefs.quietHours().get(), prefs.zone());
      if (sendAt.isAfter(f.now())) {
        deferral = "quiet hours " + prefs.quietHours().get().start() + "-" + prefs.quietHours().get().end() + " "
            + prefs.zone();
      }
    }
    if (intent.deadline().isPresent() && sendAt.isAfter(intent.deadline().get())) {
      return suppressed(SuppressionReason.DEADLINE_PASSED, "it could go at " + sendAt
          + (deferral == null ? "" : " (" + deferral + ")") + ", after the deadline " + intent.deadline().get(), List.of());
    }
    Map<String, Map<ChannelId, Integer>> counted = new HashMap<>();
    for (FrequencyCap cap : f.policy().caps()) {
      if (cap.channel().isEmpty() && cap.purposes().contains(purpose)) {
        int total = count(cap, sendAt, prefs, f, counted).values().stream().mapToInt(Integer::intValue).sum();
        if (total >= cap.limit()) {
          return suppressed(SuppressionReason.FREQUENCY_CAP, "cap " + cap + " reached: " + total + " already", List.of());
        }
      }
    }
    List<ChannelVerdict> rejected = new ArrayList<>();
    Map<ChannelId, OutboundStep> eligible = new java.util.LinkedHashMap<>();
    for (ChannelId id : candidates(intent, f.channels())) {
      // Intent channels were checked as registered before deciding; the others come from the map.
      Channel channel = Objects.requireNonNull(f.channels().get(id), "channel is registered");
      Optional<ChannelVerdict> v = check(intent, f, channel, sendAt, prefs, counted);
      if (v.isPresent()) {
        rejected.add(v.get());
        continue;
      }
      Identity address = ChannelRules.address(channel, f.customer()).orElseThrow();
      boolean open = Timing.windowOpen(channel, activity(f, id).lastInbound(), sendAt);
      Optional<String> text = intent.textFor(id);
      Optional<Template> template = Optional.ofNullable(intent.templates().get(id));
      boolean useTemplate = template.isPresent() && (!open || text.isEmpty());
      eligible.put(id, new OutboundStep(0, id, address, useTemplate ? Optional.empty() : text,
          useTemplate ? template : Optional.empty()));
    }
    if (eligible.isEmpty()) {
      SuppressionReason reason = rejected.stream().map(ChannelVerdict::reason).max(Comparator.naturalOrder())
          .orElse(SuppressionReason.CHANNEL_UNAVAILABLE);
      String which = rejected.stream().filter(v -> v.reason() == reason).map(v -> v.channel() + ": " + v.detail())
          .collect(Collectors.joining("; "));
      return suppressed(reason, rejected.isEmpty() ? "no channel to consider" : "no channel left; " + which, rejected);
    }
    List<ChannelId> order = Ranking.rank(List.copyOf(eligible.keySet()), prefs.preferredChannels(), f.activity());
    List<OutboundStep> steps = new ArrayList<>();
    for (ChannelId id : order.subList(0, Math.min(order.size(), intent.fallback().maxSteps()))) {
      OutboundStep s = Objects.requireNonNull(eligible.get(id), "a ranked channel is eligible");
      steps.add(new OutboundStep(steps.size(), s.channel(), s.address(), s.text(), s.template()));
    }
    StringBuilder detail = new StringBuilder("on ").append(steps.get(0).channel()).append(" (")
        .append(Ranking.why(steps.get(0).channel(), prefs.preferredChannels(), f.activity())).append(')');
    if (steps.get(0).template().isPresent()) {
      detail.append(" with template ").append(steps.get(0).template().get().name());
    }
    if (steps.size() > 1) {
      detail.append(", then ").append(steps.subList(1, steps.size()).stream().map(s -> s.channel().value())
          .collect(Collectors.joining(", ")));
    }
    if (deferral != null) {
      detail.append("; deferred by ").append(deferral);
    }
    if (!rejected.isEmpty()) {
      detail.append("; passed over ").append(rejected.stream().map(v -> v.channel() + " (" + v.reason() + ")")
          .collect(Collectors.joining(", ")));
    }
    return new Draft(deferral == null ? Outcome.QUEUED : Outcome.DEFERRED, steps, sendAt, null, detail.toString(),
        rejected);
  }

  private static Optional<ChannelVerdict> check(OutboundIntent intent, Facts f, Channel channel, Instant sendAt,
      ContactPreferences prefs, Map<String, Map<ChannelId, Integer>> counted) {
    Optional<ChannelVerdict> v = ChannelRules.availability(channel, f.senders().contains(channel.id()))
        .or(() -> ChannelRules.content(channel, intent))
        .or(() -> ChannelRules.consent(channel, intent.purpose(), f.customer()));
    if (v.isPresent()) {
      return v;
    }
    if (ChannelRules.address(channel, f.customer()).isEmpty()) {
      return Optional.of(ChannelRules.noAddress(channel));
    }
    boolean templated = intent.templates().containsKey(channel.id());
    if (!templated && !Timing.windowOpen(channel, activity(f, channel.id()).lastInbound(), sendAt)) {
      return ChannelRules.verdict(channel, SuppressionReason.SERVICE_WINDOW_CLOSED, "no inbound message within "
          + channel.serviceWindow().orElseThrow() + " before " + sendAt
          + activity(f, channel.id()).lastInbound().map(t -> " (last at " + t + ")").orElse(" (none)")
          + " and no template for the channel");
    }
    for (FrequencyCap cap : f.policy().caps()) {
      if (cap.channel().filter(channel.id()::equals).isPresent() && cap.purposes().contains(intent.purpose())) {
        int n = count(cap, sendAt, prefs, f, counted).getOrDefault(channel.id(), 0);
        if (n >= cap.limit()) {
          return ChannelRules.verdict(channel, SuppressionReason.FREQUENCY_CAP, "cap " + cap + " reached: " + n + " already");
        }
      }
    }
    return Optional.empty();
  }

  /** The channels considered: the intent's, or every channel that can send to someone, by id. */
  static List<ChannelId> candidates(OutboundIntent intent, Map<ChannelId, Channel> channels) {
    if (!intent.channels().isEmpty()) {
      return intent.channels();
    }
    return channels.values().stream().filter(c -> c.outboundAllowed() && c.addressedBy().isPresent())
        .map(Channel::id).sorted().toList();
  }

  private static Map<ChannelId, Integer> count(FrequencyCap cap, Instant sendAt, ContactPreferences prefs, Facts f,
      Map<String, Map<ChannelId, Integer>> counted) {
    Instant[] period = Timing.capPeriod(cap, sendAt, prefs.zone());
    Map<ChannelId, Integer> sum = new HashMap<>();
    for (Purpose p : cap.purposes()) {
      Map<ChannelId, Integer> n = counted.computeIfAbsent(p + "|" + period[0] + "|" + period[1],
          k -> f.caps().count(p, period[0], period[1]));
      n.forEach((c, k) -> sum.merge(c, k, Integer::sum));
    }
    return sum;
  }

  private static ChannelActivity activity(Facts f, ChannelId channel) {
    return f.activity().getOrDefault(channel, ChannelActivity.NONE);
  }

  private static Draft suppressed(SuppressionReason reason, String detail, List<ChannelVerdict> rejected) {
    return new Draft(Outcome.SUPPRESSED, List.of(), null, reason, detail, rejected);
  }
}
