package io.github.omnictx.core.engine.journey;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.journey.JourneyStep;
import io.github.omnictx.core.journey.Trigger;
import io.github.omnictx.core.loyalty.LoyaltyPoints;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registered journeys, checked once at build time: every version by name, the highest of each
 * for new runs. Not API. Immutable and thread-safe.
 */
public final class Registry {
  /** The touchpoint types Omni and the standard adapters record, which triggers may name without declaring. */
  public static final Set<TouchpointType> STANDARD_TYPES = Set.of(TouchpointType.MESSAGE, TouchpointType.CALL,
      TouchpointType.STORE_VISIT, TouchpointType.PURCHASE, TouchpointType.RETURN, TouchpointType.PAGE_VIEW,
      TouchpointType.CART_ABANDONED, TouchpointType.ORDER_STATUS, TouchpointType.SURVEY_ANSWER,
      TouchpointType.AGENT_NOTE, TouchpointType.HANDOFF, Journey.NOTE, LoyaltyPoints.AWARD, LoyaltyPoints.REVERSAL);

  private final Map<String, TreeMap<Integer, Journey>> byName;
  private final List<Journey> latest;
  private final Set<TouchpointType> watched;

  private Registry(Map<String, TreeMap<Integer, Journey>> byName) {
    this.byName = byName;
    List<Journey> l = new ArrayList<>();
    byName.values().forEach(v -> l.add(v.lastEntry().getValue()));
    this.latest = List.copyOf(l);
    Set<TouchpointType> w = new HashSet<>();
    for (TreeMap<Integer, Journey> versions : byName.values()) {
      for (Journey j : versions.values()) {
        j.triggers().forEach(t -> t.type().ifPresent(w::add));
        j.exitGuards().forEach(g -> w.add(g.type()));
        j.steps().stream().filter(s -> s instanceof JourneyStep.WaitForEvent)
            .forEach(s -> w.add(((JourneyStep.WaitForEvent) s).type()));
      }
    }
    this.watched = Set.copyOf(w);
  }

  /**
   * @param type a touchpoint type
   * @return whether any registered journey starts on it, exits on it or awaits it (the others
   *     cost a unit of work nothing)
   */
  public boolean watches(TouchpointType type) {
    return watched.contains(type);
  }

  /** @return a registry without journeys */
  public static Registry empty() {
    return new Registry(Map.of());
  }

  /**
   * Checks the journeys and builds the registry.
   *
   * @param journeys every registered definition
   * @param channels the registered channels
   * @param declared the touchpoint types the application declared it records
   * @param loyalty whether a loyalty system is registered
   * @return the registry
   * @throws IllegalArgumentException naming the journey and step when a definition is refused: a
   *     name and version registered twice, a step on a channel not registered (or one that cannot
   *     send), a trigger, guard or awaited event on a type nothing records, points without a
   *     loyalty system, or journeys that trigger each other in a cycle
   */
  public static Registry of(Collection<Journey> journeys, Map<ChannelId, Channel> channels, Set<TouchpointType> declared,
      boolean loyalty) {
    Map<String, TreeMap<Integer, Journey>> byName = new LinkedHashMap<>();
    Set<TouchpointType> known = new HashSet<>(STANDARD_TYPES);
    known.addAll(declared);
    for (Journey j : journeys) {
      if (byName.computeIfAbsent(j.name(), n -> new TreeMap<>()).putIfAbsent(j.version(), j) != null) {
        throw new IllegalArgumentException("journey " + j + " is registered twice");
      }
      check(j, channels, known, loyalty);
    }
    Registry r = new Registry(byName);
    r.checkCycles();
    return r;
  }

  private static void check(Journey j, Map<ChannelId, Channel> channels, Set<TouchpointType> known, boolean loyalty) {
    for (Trigger t : j.triggers()) {
      t.type().ifPresent(type -> requireKnown(j, "trigger", type, known));
    }
    j.exitGuards().forEach(g -> requireKnown(j, "exit guard", g.type(), known));
    List<JourneyStep> steps = j.steps();
    for (int i = 0; i < steps.size(); i++) {
      JourneyStep s = steps.get(i);
      String where = "journey " + j + " step " + i + " (" + s.describe() + ")";
      if (s instanceof JourneyStep.Send send) {
        for (ChannelId c : send.channels()) {
          Channel ch = channels.get(c);
          if (ch == null) {
            throw new IllegalArgumentException(where + " names channel " + Checks.quote(c.value())
                + ", which is not registered");
          }
          if (!ch.outboundAllowed()) {
            throw new IllegalArgumentException(where + " sends on channel " + Checks.quote(c.value())
                + ", which allows no outbound messages");
          }
        }
      } else if (s instanceof JourneyStep.OpenConversation open && !channels.containsKey(open.channel())) {
        throw new IllegalArgumentException(where + " names channel " + Checks.quote(open.channel().value())
            + ", which is not registered");
      } else if (s instanceof JourneyStep.WaitForEvent w) {
        requireKnown(j, "step " + i + " awaits", w.type(), known);
      } else if ((s instanceof JourneyStep.AwardPoints || s instanceof JourneyStep.ReversePoints) && !loyalty) {
        throw new IllegalArgumentException(where + " needs a loyalty system: register one with Omni.builder().loyalty(...)");
      }
    }
  }

  private static void requireKnown(Journey j, String what, TouchpointType type, Set<TouchpointType> known) {
    if (!known.contains(type)) {
      throw new IllegalArgumentException("journey " + j + " " + what + " touchpoint type " + Checks.quote(type.value())
          + ", which nothing records: no adapter or journey step produces it; declare a type the application records"
          + " with Omni.builder().touchpointType(...)");
    }
  }

  /** What a step leaves on the timeline, by type and direction (sends count as outbound messages). */
  private static List<Map.Entry<TouchpointType, Direction>> produces(Journey j) {
    List<Map.Entry<TouchpointType, Direction>> out = new ArrayList<>();
    for (JourneyStep s : j.steps()) {
      if (s instanceof JourneyStep.Send) {
        out.add(Map.entry(TouchpointType.MESSAGE, Direction.OUTBOUND));
      } else if (s instanceof JourneyStep.Note || s instanceof JourneyStep.OpenConversation) {
        out.add(Map.entry(Journey.NOTE, Direction.INTERNAL));
      } else if (s instanceof JourneyStep.AwardPoints) {
        out.add(Map.entry(LoyaltyPoints.AWARD, Direction.INTERNAL));
      } else if (s instanceof JourneyStep.ReversePoints) {
        out.add(Map.entry(LoyaltyPoints.REVERSAL, Direction.INTERNAL));
      }
    }
    return out;
  }

  private static boolean accepts(Trigger t, Map.Entry<TouchpointType, Direction> produced) {
    return t.type().map(produced.getKey()::equals).orElse(false)
        && t.direction().map(d -> d == produced.getValue()).orElse(true);
  }

  /** Refuses journeys whose steps start each other in a circle (a journey starting itself included). */
  private void checkCycles() {
    Map<String, List<String>> next = new HashMap<>();
    for (Journey a : latest) {
      List<String> to = new ArrayList<>();
      for (Map.Entry<TouchpointType, Direction> p : produces(a)) {
        for (Journey b : latest) {
          if (b.triggers().stream().anyMatch(t -> accepts(t, p)) && !to.contains(b.name())) {
            to.add(b.name());
          }
        }
      }
      next.put(a.name(), to);
    }
    Map<String, Integer> state = new HashMap<>();
    for (Journey j : latest) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> cycle = visit(j.name(), next, state, path);
      if (cycle.isPresent()) {
        throw new IllegalArgumentException("journeys trigger each other without end: " + String.join(" -> ", cycle.get())
            + " (a step of each records what starts the next)");
      }
    }
  }

  private static Optional<List<String>> visit(String n, Map<String, List<String>> next, Map<String, Integer> state,
      List<String> path) {
    int s = state.getOrDefault(n, 0);
    if (s == 2) {
      return Optional.empty();
    }
    path.add(n);
    if (s == 1) {
      return Optional.of(List.copyOf(path.subList(path.indexOf(n), path.size())));
    }
    state.put(n, 1);
    for (String m : next.getOrDefault(n, List.of())) {
      Optional<List<String>> c = visit(m, next, state, path);
      if (c.isPresent()) {
        return c;
      }
    }
    state.put(n, 2);
    path.remove(path.size() - 1);
    return Optional.empty();
  }

  /** @return whether no journey is registered */
  public boolean isEmpty() {
    return latest.isEmpty();
  }

  /** @return the highest version of each journey, the ones new runs start on */
  public List<Journey> latest() {
    return latest;
  }

  /**
   * @param name a journey name
   * @param version a version
   * @return the definition, if registered
   */
  public Optional<Journey> find(String name, int version) {
    TreeMap<Integer, Journey> v = byName.get(name);
    return v == null ? Optional.empty() : Optional.ofNullable(v.get(version));
  }

  /** @return every registered definition, by name then version */
  public List<Journey> all() {
    List<Journey> out = new ArrayList<>();
    byName.values().forEach(v -> out.addAll(v.values()));
    return List.copyOf(out);
  }
}
