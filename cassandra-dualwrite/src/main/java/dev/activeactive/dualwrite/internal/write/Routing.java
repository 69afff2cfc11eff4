package dev.activeactive.dualwrite.internal.write;

import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.api.WriteMode;

/**
 * Where writes go right now. Immutable, swapped as a whole in an {@code AtomicReference}, so every write sees
 * one consistent mode and pair of targets even while an operator changes them.
 */
record Routing(WriteMode mode, Target primary, Target secondary) {

  Routing withMode(WriteMode newMode) {
    return new Routing(newMode, primary, secondary);
  }

  Routing swapped() {
    return new Routing(mode, secondary, primary);
  }
}
