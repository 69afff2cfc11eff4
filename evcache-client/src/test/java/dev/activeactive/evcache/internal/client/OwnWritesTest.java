package dev.activeactive.evcache.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.zone.CasStore.StoreReply;
import org.junit.jupiter.api.Test;

class OwnWritesTest {

  private static final Version V = new Version(1_700_000_000_000_000L, "us-east-1");

  @Test
  void anIdCountsOnlyInItsGenerationAndZone() {
    OwnWrites own = OwnWrites.bounded(100);
    own.remember("a", "k", 7, V, 3);
    assertThat(own.recall("a", "k", 3)).isEqualTo(new OwnWrites.Known(7, V, 3));
    assertThat(own.recall("a", "k", 4)).as("after a reconnect").isNull();
    assertThat(own.recall("b", "k", 3)).as("another zone").isNull();
  }

  @Test
  void anUnknownIdForgetsTheKeyInsteadOfBeingRemembered() {
    OwnWrites own = OwnWrites.bounded(100);
    own.remember("a", "k", 7, V, 0);
    own.remember("a", "k", StoreReply.UNKNOWN_CAS, V, 0);
    assertThat(own.recall("a", "k", 0)).isNull();
  }

  @Test
  void theMemoryHoldsAtMostItsBound() {
    OwnWrites own = OwnWrites.bounded(10);
    for (int i = 0; i < 5_000; i++) {
      own.remember("a", "k" + i, i + 1, V, 0);
    }
    assertThat(own.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void zeroRemembersNothingAndANegativeBoundIsRefused() {
    OwnWrites off = OwnWrites.bounded(0);
    off.remember("a", "k", 7, V, 0);
    assertThat(off.enabled()).isFalse();
    assertThat(off.recall("a", "k", 0)).isNull();
    assertThatThrownBy(() -> OwnWrites.bounded(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries");
  }
}
