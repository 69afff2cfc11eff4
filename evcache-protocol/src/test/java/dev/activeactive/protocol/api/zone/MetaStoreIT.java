package dev.activeactive.protocol.api.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.activeactive.protocol.api.zone.CasStore.CasItem;
import dev.activeactive.protocol.api.zone.CasStore.CasOutcome;
import dev.activeactive.protocol.api.zone.CasStore.StoreReply;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meta-protocol stores ({@code ms} with {@code c}) that report the new CAS id, against the sandbox's real
 * memcached: the id they return is the one {@code gets} sees and the one a later compare-and-swap must name; a
 * mismatch, a missing key and a present key are told apart; pipelined with classic commands on the same
 * connection, every reply reaches its own command; a server restart moves the store to a new CAS generation.
 * One region's zone, reached directly (no WAN path: these are local commands).
 */
@RegionSandboxTest(components = SandboxComponent.MEMCACHED, wan = "none")
class MetaStoreIT {

  private static final Duration AWAIT = Duration.ofSeconds(120); // generous: the machine is shared

  private final RegionSandbox sandbox;
  private final String region;
  private final ZoneEndpoint zone;
  private SpyZoneStore store;

  MetaStoreIT(RegionSandbox sandbox) {
    this.sandbox = sandbox;
    this.region = sandbox.regionNames().get(0);
    this.zone = sandbox.region(region).zones().get(0);
  }

  @BeforeEach
  void connect() {
    store = SpyZoneStore.connect(zone.name(), List.of(zone.memcachedHostPort()), 1024 * 1024,
        Duration.ofSeconds(5));
    await().atMost(AWAIT).until(store::allServersAvailable);
  }

  @AfterEach
  void close() {
    store.close();
    sandbox.faults().healAll();
  }

  @Test
  void theCasIdAStoreReturnsIsTheItemsAndALaterCasAgainstItStoresWithoutAReadBack() throws Exception {
    String key = "meta-" + UUID.randomUUID();
    StoreReply added = get(store.addReturningCas(key, 0, bytes("v1")));
    assertThat(added.outcome()).isEqualTo(CasOutcome.STORED);
    assertThat(added.cas()).isNotEqualTo(StoreReply.UNKNOWN_CAS);
    assertThat(get(store.gets(key)).cas()).isEqualTo(added.cas());

    StoreReply swapped = get(store.casReturningCas(key, added.cas(), 0, bytes("v2")));
    assertThat(swapped.outcome()).isEqualTo(CasOutcome.STORED);
    CasItem now = get(store.gets(key));
    assertThat(now.cas()).isEqualTo(swapped.cas()).isNotEqualTo(added.cas());
    assertThat(new String(now.bytes(), StandardCharsets.UTF_8)).isEqualTo("v2");
  }

  @Test
  void aStaleCasIdAMissingKeyAndAPresentKeyAreToldApartAndNothingIsStored() throws Exception {
    String key = "meta-" + UUID.randomUUID();
    long first = get(store.addReturningCas(key, 0, bytes("v1"))).cas();
    get(store.set(key, 0, bytes("someone else")));

    StoreReply stale = get(store.casReturningCas(key, first, 0, bytes("mine")));
    assertThat(stale.outcome()).isEqualTo(CasOutcome.CHANGED);
    assertThat(stale.stored()).isFalse();
    assertThat(new String(get(store.gets(key)).bytes(), StandardCharsets.UTF_8)).isEqualTo("someone else");

    StoreReply present = get(store.addReturningCas(key, 0, bytes("mine")));
    assertThat(present.outcome()).isEqualTo(CasOutcome.CHANGED);
    assertThat(new String(get(store.gets(key)).bytes(), StandardCharsets.UTF_8)).isEqualTo("someone else");

    String absent = "meta-absent-" + UUID.randomUUID();
    assertThat(get(store.casReturningCas(absent, first, 0, bytes("mine"))).outcome())
        .isEqualTo(CasOutcome.NOT_FOUND);
    assertThat(get(store.gets(absent))).isNull();
  }

  @Test
  void metaAndClassicCommandsPipelinedOnOneConnectionEachGetTheirOwnReply() throws Exception {
    // thousands in flight at once: a reply parser that read past its own line would hand the next command's
    // reply to the wrong future, and values would no longer match their keys
    int n = 4_000;
    String prefix = "pipe-" + UUID.randomUUID() + "-";
    List<CompletableFuture<StoreReply>> adds = new ArrayList<>();
    List<CompletableFuture<Boolean>> sets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      adds.add(store.addReturningCas(prefix + "m" + i, 0, bytes("m" + i)));
      sets.add(store.set(prefix + "s" + i, 0, bytes("s" + i)));
    }
    for (int i = 0; i < n; i++) {
      assertThat(get(adds.get(i)).stored()).isTrue();
      assertThat(get(sets.get(i))).isTrue();
    }
    for (int i = 0; i < n; i += 97) {
      CasItem item = get(store.gets(prefix + "m" + i));
      assertThat(new String(item.bytes(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
      assertThat(item.cas()).isEqualTo(get(adds.get(i)).cas());
    }
  }

  @Test
  void aValueOverTheItemLimitIsRefusedBeforeAnythingIsSent() {
    try (SpyZoneStore small = SpyZoneStore.connect(zone.name(), List.of(zone.memcachedHostPort()), 1024,
        Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> small.addReturningCas("meta-big", 0, new byte[2048]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the limit");
    }
  }

  @Test
  void aServerRestartMovesTheStoreToANewCasGenerationBeforeAnyCommandReachesTheNewServer() throws Exception {
    long old = 0;
    for (int i = 0; i < 10; i++) {
      old = get(store.addReturningCas("meta-" + UUID.randomUUID(), 0, bytes("x"))).cas();
    }
    long before = store.casGeneration();
    sandbox.faults().stopMemcached(region, zone.name());
    sandbox.faults().startMemcached(region, zone.name());
    // an idle connection does not notice the restart; the first command after it fails on the dead socket (or
    // finds a new connection), and either way the generation has moved before a command reaches the new server
    long[] after = new long[1];
    await().atMost(AWAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
      try {
        after[0] = get(store.addReturningCas("meta-" + UUID.randomUUID(), 0, bytes("x"))).cas();
        return true;
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        return false; // the dead connection's command, or one issued while reconnecting
      }
    });
    assertThat(store.casGeneration()).isNotEqualTo(before);
    // the restarted server's CAS counter started again: an id from before could name an unrelated item now
    assertThat(after[0]).isPositive().isLessThan(old);
  }

  private static <T> T get(CompletableFuture<T> future)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    return future.get(30, TimeUnit.SECONDS);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
