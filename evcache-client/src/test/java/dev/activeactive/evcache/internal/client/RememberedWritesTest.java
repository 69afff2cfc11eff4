package dev.activeactive.evcache.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.ReadFallback;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.WriteOptions;
import dev.activeactive.evcache.api.WriteResult;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A conditional write of a key this client wrote last costs one command per zone (a compare-and-swap against the
 * remembered CAS id) instead of two, and no remembered id ever lets an older write replace a newer one: not after
 * another writer, an eviction, or a server restart that hands out the same id again.
 */
class RememberedWritesTest {

  private static final String KEY = "profiles:alice";

  private ClientHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private DatasetCache<String> profiles(int rememberedWrites) {
    h = new ClientHarness(2, WriteCompletion.ALL, ReadFallback.ON_MISS_OR_ERROR, null, (i, zone) -> zone,
        rememberedWrites, DatasetConfig.builder("profiles").build());
    return h.client.dataset("profiles", ValueCodec.utf8());
  }

  private int commands() {
    return h.zone(0).commands() + h.zone(1).commands();
  }

  private String value(int zone) {
    return new String(h.stored(zone, KEY).payload(), StandardCharsets.UTF_8);
  }

  @Test
  void aKeyThisClientWroteLastIsWrittenAgainWithOneCommandPerZone() {
    DatasetCache<String> profiles = profiles(1000);
    profiles.set("alice", "v1"); // absent: read, then add
    for (int i = 2; i <= 10; i++) {
      h.advance(Duration.ofMillis(1));
      int before = commands();
      WriteResult result = profiles.set("alice", "v" + i);
      assertThat(result.superseded()).isFalse();
      assertThat(commands() - before).as("commands for write %d over 2 zones", i).isEqualTo(2);
    }
    assertThat(value(0)).isEqualTo("v10");
    assertThat(value(1)).isEqualTo("v10");
  }

  @Test
  void withNothingRememberedEveryWriteReadsFirstAsBefore() {
    DatasetCache<String> profiles = profiles(0);
    profiles.set("alice", "v1");
    h.advance(Duration.ofMillis(1));
    int before = commands();
    profiles.set("alice", "v2");
    assertThat(commands() - before).isEqualTo(4); // gets and cas in each zone
    assertThat(value(0)).isEqualTo("v2");
  }

  @Test
  void aDeleteRemembersItsTombstoneSoTheNextWriteIsOneCommandPerZoneToo() {
    DatasetCache<String> profiles = profiles(1000);
    profiles.set("alice", "v1");
    h.advance(Duration.ofMillis(1));
    profiles.delete("alice");
    h.advance(Duration.ofMillis(1));
    int before = commands();
    profiles.set("alice", "v2");
    assertThat(commands() - before).isEqualTo(2);
    assertThat(value(0)).isEqualTo("v2");
  }

  @Test
  void aNewerValueFromAnotherWriterIsNeverReplacedByThisClientsOlderWrite() {
    DatasetCache<String> profiles = profiles(1000);
    profiles.set("alice", "mine");
    long newer = h.nowMicros.get() + 5_000_000L;
    h.storeEverywhere(KEY, Envelope.value(new Version(newer, "us-west-2"), 0, bytes("remote")));
    // the remembered id no longer matches: the swap fails, the write reads, sees the newer version and loses
    WriteResult older = profiles.set("alice", "mine again", Duration.ofHours(1),
        WriteOptions.version(newer - 1_000_000L));
    assertThat(older.superseded()).isTrue();
    assertThat(value(0)).isEqualTo("remote");
    assertThat(value(1)).isEqualTo("remote");
    // and a write newer than it wins, in one command per zone again (the read remembered what it saw)
    int before = commands();
    WriteResult newest = profiles.set("alice", "newest", Duration.ofHours(1), WriteOptions.version(newer + 1));
    assertThat(newest.superseded()).isFalse();
    assertThat(commands() - before).isEqualTo(2);
    assertThat(value(0)).isEqualTo("newest");
  }

  @Test
  void anEvictedKeyIsWrittenAgainAfterTheSwapFindsItGone() {
    DatasetCache<String> profiles = profiles(1000);
    profiles.set("alice", "v1");
    h.zone(0).clear();
    h.zone(1).clear();
    h.advance(Duration.ofMillis(1));
    assertThat(profiles.set("alice", "v2").superseded()).isFalse();
    assertThat(value(0)).isEqualTo("v2");
    assertThat(value(1)).isEqualTo("v2");
  }

  @Test
  void afterAServerRestartAnIdHandedOutAgainToANewerItemIsNotTrusted() {
    DatasetCache<String> profiles = profiles(1000);
    profiles.set("alice", "mine"); // a fresh store: the item gets CAS id 1 in each zone, and it is remembered
    long newer = h.nowMicros.get() + 5_000_000L;
    for (int zone = 0; zone < 2; zone++) {
      h.zone(zone).restart();
      // after the restart the relay applies a newer remote write first: the new server hands it CAS id 1 again
      h.zone(zone).put(KEY, EnvelopeCodec.encode(Envelope.value(new Version(newer, "us-west-2"), 0,
          bytes("remote"))), 0);
      assertThat(h.zone(zone).item(KEY).cas()).isEqualTo(1);
    }
    // trusting the remembered id (1) would swap "remote" for this older write
    WriteResult older = profiles.set("alice", "mine again", Duration.ofHours(1),
        WriteOptions.version(newer - 1_000_000L));
    assertThat(older.superseded()).isTrue();
    assertThat(value(0)).isEqualTo("remote");
    assertThat(value(1)).isEqualTo("remote");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
