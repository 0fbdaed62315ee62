package io.github.omnictx.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The static map of omni-core, read from its main sources (and, for the size limit, every sibling
 * module's main sources, found beside this module's directory). Run it alone with {@code mvn -B -o
 * -pl omni-core test -Dtest=ArchitectureTest}; it prints what it counts.
 *
 * <p><b>How dependencies are counted.</b> A file depends on another omni-core file when it names it
 * in an {@code import io.github.omnictx...} line (static and nested-type imports count for the file
 * of the outer type; a wildcard import counts for every file of the package) or in a
 * fully-qualified use in its code. Comments and string literals are stripped first, so a
 * fully-qualified {@code {@link}} in Javadoc does not count; an import line does, whatever it is
 * used for. Same-package references by simple name are <em>not</em> seen: a file circle inside one
 * package is not detected (resolving simple names needs a compiler), and no package cycle can hide
 * there. Each (file, file) pair counts once.
 *
 * <p><b>Package cycles.</b> Each package is a node, except that every file directly in the root
 * package {@code io.github.omnictx.core} is a node of its own: {@code Omni} sits on top of
 * everything, the common exceptions at the bottom. A dependency between two different nodes of one
 * strongly connected component "runs back up"; the test prints each and allows at most {@value
 * #MAX_BACK_IMPORTS}. None remains: the engine lives in {@code engine/<feature>} above every value
 * package, {@code internal} holds only ground helpers, and the services whose signatures name
 * higher features (conversations, identities, consents) sit in their feature's {@code service}
 * subpackage above the values that those features name in turn.
 *
 * <p><b>One retry loop.</b> A simple textual check: the files of omni-core's main code that contain
 * {@code catch (ConcurrentUpdateException} (the other modules' main code has none). Only the unit
 * of work may, and it catches in its loop.
 */
class ArchitectureTest {
  private static final String ROOT = "io.github.omnictx.core";
  private static final int MAX_LINES = 600;
  /** The most dependencies allowed on package cycles; the layout has none. */
  private static final int MAX_BACK_IMPORTS = 10;
  /** The one file that re-runs work after a lost race: the unit of work. */
  private static final String RETRY_LOOP = "io/github/omnictx/core/engine/UnitOfWork.java";

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile(
      "^\\s*import\\s+(?:static\\s+)?(io\\.github\\.omnictx(?:\\.\\w+)+?)(\\.\\*)?\\s*;", Pattern.MULTILINE);
  private static final Pattern IMPORT_LINE = Pattern.compile("^\\s*import\\s[^;]*;", Pattern.MULTILINE);
  private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.github\\.omnictx(?:\\.[a-z_]\\w*)*\\.[A-Z]\\w*");

  private static Path moduleDir;
  private static Path coreMain;
  /** omni-core main files by their path relative to the source root, e.g. {@code io/github/.../Omni.java}. */
  private static final Map<String, SourceFile> files = new TreeMap<>();

  /** One source file: its package and what it depends on. */
  private record SourceFile(String path, String pkg, String code, Set<String> dependsOn) {
    /** The node of the package map this file belongs to. */
    String node() {
      return pkg.equals(ROOT) ? pkg + "." + path.substring(path.lastIndexOf('/') + 1).replace(".java", "") : pkg;
    }
  }

  @BeforeAll
  static void readSources() throws IOException {
    moduleDir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    coreMain = moduleDir.resolve("src/main/java");
    assertThat(coreMain.resolve("io/github/omnictx/core/Omni.java")).as("omni-core's main sources").exists();
    for (Path p : javaFiles(coreMain)) {
      String rel = coreMain.relativize(p).toString().replace('\\', '/');
      String code = stripCommentsAndStrings(Files.readString(p, StandardCharsets.UTF_8));
      Matcher m = PACKAGE.matcher(code);
      String pkg = m.find() ? m.group(1) : "";
      files.put(rel, new SourceFile(rel, pkg, code, new LinkedHashSet<>()));
    }
    for (SourceFile f : files.values()) {
      Matcher imports = IMPORT.matcher(f.code());
      while (imports.find()) {
        if (imports.group(2) != null) {
          String dir = imports.group(1).replace('.', '/') + "/";
          files.keySet().stream().filter(k -> k.startsWith(dir) && k.indexOf('/', dir.length()) < 0)
              .forEach(f.dependsOn()::add);
        } else {
          resolve(imports.group(1)).ifPresent(f.dependsOn()::add);
        }
      }
      Matcher uses = QUALIFIED.matcher(IMPORT_LINE.matcher(f.code()).replaceAll(""));
      while (uses.find()) {
        resolve(uses.group()).ifPresent(f.dependsOn()::add);
      }
      f.dependsOn().remove(f.path());
    }
  }

  @Test
  void noFileCircle() {
    Map<String, Set<String>> graph = new TreeMap<>();
    files.values().forEach(f -> graph.put(f.path(), f.dependsOn()));
    List<Set<String>> circles = stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList();
    System.out.println("[architecture] omni-core main files: " + files.size() + ", file circles: " + circles.size());
    circles.forEach(c -> System.out.println("[architecture]   circle: " + c));
    assertThat(circles).as("files that import each other in a circle").isEmpty();
  }

  @Test
  void packagesImportOnlyDownwards() {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (SourceFile f : files.values()) {
      Set<String> out = graph.computeIfAbsent(f.node(), k -> new TreeSet<>());
      f.dependsOn().forEach(d -> out.add(files.get(d).node()));
      out.remove(f.node());
    }
    Map<String, Integer> component = new HashMap<>();
    List<Set<String>> sccs = stronglyConnected(graph);
    for (int i = 0; i < sccs.size(); i++) {
      for (String node : sccs.get(i)) {
        component.put(node, i);
      }
    }
    List<String> back = new ArrayList<>();
    for (SourceFile f : files.values()) {
      for (String d : f.dependsOn()) {
        String to = files.get(d).node();
        if (!to.equals(f.node()) && component.get(to).equals(component.get(f.node()))) {
          back.add(f.path() + " -> " + d);
        }
      }
    }
    System.out.println("[architecture] package nodes: " + graph.size() + ", on cycles: "
        + sccs.stream().filter(c -> c.size() > 1).mapToInt(Set::size).sum()
        + ", imports that run back up: " + back.size());
    sccs.stream().filter(c -> c.size() > 1).forEach(c -> System.out.println("[architecture]   cycle: " + c));
    back.forEach(b -> System.out.println("[architecture]   back: " + b));
    assertThat(back).as("imports inside a package cycle").hasSizeLessThanOrEqualTo(MAX_BACK_IMPORTS);
  }

  @Test
  void noMainFileOverTheLineLimit() throws IOException {
    List<Path> roots = mainRoots();
    assertThat(roots).as("main source roots of the modules").contains(coreMain);
    Map<Path, Long> lines = new HashMap<>();
    for (Path root : roots) {
      for (Path p : javaFiles(root)) {
        try (Stream<String> s = Files.lines(p, StandardCharsets.UTF_8)) {
          lines.put(p, s.count());
        }
      }
    }
    List<Map.Entry<Path, Long>> largest = lines.entrySet().stream()
        .sorted(Map.Entry.<Path, Long>comparingByValue().reversed()).toList();
    System.out.println("[architecture] main files in " + roots.size() + " modules: " + lines.size() + ", largest:");
    largest.stream().limit(6).forEach(e -> System.out.println("[architecture]   " + e.getValue() + " "
        + moduleDir.getParent().relativize(e.getKey())));
    List<String> over = largest.stream().filter(e -> e.getValue() > MAX_LINES)
        .map(e -> moduleDir.getParent().relativize(e.getKey()) + " (" + e.getValue() + " lines)").toList();
    assertThat(over).as("main files over " + MAX_LINES + " lines").isEmpty();
  }

  @Test
  void oneRetryLoop() throws IOException {
    List<String> catching = files.values().stream()
        .filter(f -> f.code().contains("catch (ConcurrentUpdateException"))
        .map(SourceFile::path).toList();
    System.out.println("[architecture] files catching ConcurrentUpdateException: " + catching);
    assertThat(catching).as("main files that catch a lost race").containsExactly(RETRY_LOOP);
    assertThat(files.get(RETRY_LOOP).code()).as("the unit of work re-runs work in a loop").contains("for (");
    List<String> elsewhere = new ArrayList<>();
    for (Path root : mainRoots()) {
      if (!root.equals(coreMain)) {
        for (Path p : javaFiles(root)) {
          if (stripCommentsAndStrings(Files.readString(p, StandardCharsets.UTF_8))
              .contains("catch (ConcurrentUpdateException")) {
            elsewhere.add(moduleDir.getParent().relativize(p).toString());
          }
        }
      }
    }
    assertThat(elsewhere).as("other modules' main files that catch a lost race").isEmpty();
  }

  /**
   * The ground helpers import nothing of Omni but each other, the root exceptions and {@code
   * Limits} (the documented bounds they enforce, itself importing nothing of Omni).
   */
  @Test
  void internalHoldsOnlyGroundHelpers() {
    String internal = "io/github/omnictx/core/internal/";
    List<String> upwards = new ArrayList<>();
    for (SourceFile f : files.values()) {
      if (f.path().startsWith(internal)) {
        for (String d : f.dependsOn()) {
          boolean rootException = d.matches("io/github/omnictx/core/[A-Za-z]+Exception\\.java");
          boolean limits = d.equals("io/github/omnictx/core/Limits.java") && files.get(d).dependsOn().isEmpty();
          if (!d.startsWith(internal) && !rootException && !limits) {
            upwards.add(f.path() + " -> " + d);
          }
        }
      }
    }
    assertThat(upwards).as("internal files that import above the ground").isEmpty();
  }

  /**
   * The engine's feature packages import each other only downwards: customer at the bottom,
   * identity, consent, timeline, routing, outbound and privacy on it, handoff on routing and timeline,
   * conversation on routing, handoff, timeline and outbound, webhook on identity, consent,
   * conversation, timeline and outbound.
   */
  @Test
  void engineFeaturesImportEachOtherOnlyDownwards() {
    Map<String, Set<String>> allowed = Map.ofEntries(
        Map.entry("customer", Set.of()),
        Map.entry("identity", Set.of("customer")),
        Map.entry("consent", Set.of("customer")),
        Map.entry("timeline", Set.of("customer")),
        Map.entry("routing", Set.of("customer")),
        Map.entry("outbound", Set.of("customer")),
        Map.entry("privacy", Set.of("customer")),
        Map.entry("handoff", Set.of("customer", "routing", "timeline")),
        Map.entry("conversation", Set.of("customer", "routing", "handoff", "timeline", "outbound")),
        Map.entry("webhook", Set.of("customer", "identity", "consent", "conversation", "timeline", "outbound")),
        Map.entry("journey", Set.of("customer", "routing", "timeline", "outbound")));
    String engine = "io/github/omnictx/core/engine/";
    List<String> wrong = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (SourceFile f : files.values()) {
      String from = engineFeature(f.path(), engine);
      if (from == null) {
        continue;
      }
      seen.add(from);
      for (String d : f.dependsOn()) {
        String to = engineFeature(d, engine);
        if (to != null && !to.equals(from) && !allowed.getOrDefault(from, Set.of()).contains(to)) {
          wrong.add(f.path() + " -> " + d);
        }
      }
    }
    assertThat(seen).as("engine feature packages").isEqualTo(new TreeSet<>(allowed.keySet()));
    assertThat(wrong).as("engine imports that run upwards or sideways").isEmpty();
  }

  private static String engineFeature(String path, String engine) {
    if (!path.startsWith(engine) || path.indexOf('/', engine.length()) < 0) {
      return null;
    }
    return path.substring(engine.length(), path.indexOf('/', engine.length()));
  }

  private static List<Path> mainRoots() throws IOException {
    List<Path> roots = new ArrayList<>();
    try (Stream<Path> modules = Files.list(moduleDir.getParent())) {
      modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().forEach(roots::add);
    }
    return roots;
  }

  /** The omni-core file a qualified name stands for: the outer type's file, if it is in omni-core. */
  private static java.util.Optional<String> resolve(String qualifiedName) {
    String[] parts = qualifiedName.split("\\.");
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      path.append(part);
      if (Character.isUpperCase(part.charAt(0))) {
        String file = path + ".java";
        return files.containsKey(file) ? java.util.Optional.of(file) : java.util.Optional.empty();
      }
      path.append('/');
    }
    return java.util.Optional.empty();
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** Tarjan's strongly connected components, each with its members sorted. */
  private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new java.util.HashSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String start : graph.keySet()) {
      if (!index.containsKey(start)) {
        connect(start, graph, index, low, stack, onStack, out, counter);
      }
    }
    out.sort(Comparator.comparing(Set::toString));
    return out;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      out.add(component);
    }
  }

  /**
   * Blanks out comments, string and character literals and text blocks, keeping line breaks, so
   * that only code is scanned for names.
   */
  static String stripCommentsAndStrings(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      char next = i + 1 < n ? src.charAt(i + 1) : '\0';
      if (c == '/' && next == '/') {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && next == '*') {
        int end = src.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        src.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
        i = end;
      } else if (c == '"' && src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        src.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
        out.append("\"\"");
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(c).append(c);
        i = Math.min(j + 1, n);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  @Test
  void strippingKeepsCodeAndDropsCommentsAndStrings() {
    String src = "import a.B; // io.github.omnictx.core.X\n/* io.github.omnictx.core.Y */ String s = \"io.github."
        + "omnictx.core.Z\"; char q = '\"'; io.github.omnictx.core.W w;";
    String code = stripCommentsAndStrings(src);
    assertThat(code).contains("import a.B;", "io.github.omnictx.core.W w;", "char q = '';")
        .doesNotContain("core.X", "core.Y", "core.Z");
  }
}
