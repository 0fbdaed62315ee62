package io.github.omnictx.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What every log line of a test run is checked against: no e-mail address, no phone number in E.164
 * or national form, and none of the fixtures' message texts and personal strings (the literals the
 * test sources pass as message text or notes, and whatever a fixture {@link #register registers}).
 * {@code CapturingServiceProvider} feeds it every line, at every level, with the messages of the
 * exceptions logged; a line that fails is recorded and fails the code that logged it, and {@code
 * LogPrivacyTest}, run last, fails the suite if any was recorded. Thread-safe.
 */
public final class LogCapture {
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern E164 = Pattern.compile("\\+\\d{8,15}\\b");
  private static final Pattern NATIONAL = Pattern.compile("\\b0\\d{2,4}[ /-]?\\d{3,4}[ -]?\\d{3,5}\\b");
  /** Literals the test sources hand over as message text, captions or notes. */
  private static final Pattern TEXT_LITERAL = Pattern.compile(
      "(?:\\.text\\(|\\.note\\(|\\.caption\\(|\\\\\"text\\\\\"\\s*:\\s*|\"text\",\\s*)\\\\?\"([^\"\\\\]{8,})");

  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
  private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
  private static final AtomicLong LINES = new AtomicLong();
  private static volatile boolean harvested;

  private LogCapture() {}

  /** @param secrets strings of a fixture that must never be logged */
  public static void register(Collection<String> secrets) {
    secrets.stream().filter(s -> s.length() >= 6).forEach(s -> SECRETS.add(s.toLowerCase(Locale.ROOT)));
  }

  /** Collects the message texts the module's test sources use, once. */
  private static void harvest() {
    if (harvested) {
      return;
    }
    synchronized (LogCapture.class) {
      if (harvested) {
        return;
      }
      Path tests = Path.of(System.getProperty("basedir", "."), "src", "test", "java");
      if (Files.isDirectory(tests)) {
        try (Stream<Path> files = Files.walk(tests)) {
          for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            Matcher m = TEXT_LITERAL.matcher(Files.readString(p, StandardCharsets.UTF_8));
            while (m.find()) {
              SECRETS.add(m.group(1).toLowerCase(Locale.ROOT));
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      harvested = true;
    }
  }

  /**
   * Checks one log line.
   *
   * @param logger the logger's name
   * @param line the formatted line with the messages of its exception chain
   * @return what personal data it shows, empty if none
   */
  public static List<String> check(String logger, String line) {
    LINES.incrementAndGet();
    List<String> found = scan(line);
    if (!found.isEmpty()) {
      VIOLATIONS.add(logger + ": " + found + " in: " + line);
    }
    return found;
  }

  /**
   * @param line a line
   * @return what personal data it shows, empty if none; nothing is recorded
   */
  public static List<String> scan(String line) {
    harvest();
    List<String> found = new ArrayList<>();
    for (Pattern p : List.of(EMAIL, E164, NATIONAL)) {
      Matcher m = p.matcher(line);
      while (m.find()) {
        found.add(m.group());
      }
    }
    String lower = line.toLowerCase(Locale.ROOT);
    for (String s : SECRETS) {
      if (lower.contains(s)) {
        found.add(s);
      }
    }
    return found;
  }

  /** @return the lines that showed personal data so far */
  public static List<String> violations() {
    return List.copyOf(VIOLATIONS);
  }

  /** @return how many lines were checked so far */
  public static long lines() {
    return LINES.get();
  }
}
