package io.github.omnictx.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory unit of work's undo log: every change undone, newest first, back to the start. */
class UndoLogTest {

  @Test
  void undoAllRestoresEveryMapAsItWas() {
    Map<String, Integer> map = new HashMap<>(Map.of("kept", 1, "replaced", 2, "removed", 3));
    Map<String, Integer> before = Map.copyOf(map);
    UndoLog undo = new UndoLog();

    undo.put(map, "replaced", 20);
    undo.put(map, "added", 4);
    undo.remove(map, "removed");
    undo.remove(map, "never there");
    undo.put(map, "added", 40);
    assertThat(map).containsOnly(Map.entry("kept", 1), Map.entry("replaced", 20), Map.entry("added", 40));

    undo.undoAll();
    assertThat(map).isEqualTo(before);
  }

  @Test
  void stepsRunNewestFirstAndOnlyOnce() {
    List<String> ran = new ArrayList<>();
    UndoLog undo = new UndoLog();
    undo.onUndo(() -> ran.add("first"));
    undo.onUndo(() -> ran.add("second"));

    undo.undoAll();
    undo.undoAll();
    assertThat(ran).containsExactly("second", "first");
  }
}
