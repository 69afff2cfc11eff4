package dev.activeactive.protocol.api.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Envelope;
import dev.activeactive.protocol.api.wire.EnvelopeCodec;
import dev.activeactive.protocol.api.wire.EnvelopeFormatException;
import dev.activeactive.protocol.api.wire.Operation;
import dev.activeactive.protocol.api.zone.InMemoryCasStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemcachedApplierTest {

  private static final long NOW_MICROS = 1_700_000_000_000_000L;
  private static final long NOW_SECONDS = NOW_MICROS / 1_000_000L;

  private final InMemoryCasStore store = new InMemoryCasStore();
  private final MemcachedApplier applier = new MemcachedApplier(store,
      dataset -> dataset.equals("plain") ? new DatasetApplyRules(10, true) : new DatasetApplyRules(45, false),
      () -> NOW_MICROS, 5);

  private static Version v(long micros, String region) {
    return new Version(NOW_MICROS - 1_000_000 + micros, region); // recent, as live traffic is
  }

  /** An explicit fill version, {@code micros} into the same recent range as {@link #v}. */
  private static OptionalLong at(long micros) {
    return OptionalLong.of(v(micros, "r1").timestampMicros());
  }

  private Envelope stored(String key) throws EnvelopeFormatException {
    InMemoryCasStore.Item item = store.item(key);
    return item == null ? null : EnvelopeCodec.decode(item.bytes());
  }

  private ApplyResult apply(Operation op) {
    return applier.apply(op).join();
  }

  @Test
  void storesAReplicatedValueWithItsAbsoluteExpiry() throws Exception {
    Operation op = Operation.replicate("d:k", v(10, "r1"), NOW_SECONDS + 60, 3, new byte[] {9});
    assertThat(apply(op)).isEqualTo(ApplyResult.STORED_VALUE);
    assertThat(stored("d:k")).isEqualTo(Envelope.value(v(10, "r1"), 3, new byte[] {9}));
    assertThat(store.item("d:k").expiry()).isEqualTo((int) (NOW_SECONDS + 60));
  }

  @Test
  void invalidationLeavesATombstoneWithTheDatasetTtl() throws Exception {
    assertThat(apply(Operation.invalidate("d:k", v(10, "r1")))).isEqualTo(ApplyResult.STORED_TOMBSTONE);
    assertThat(stored("d:k")).isEqualTo(Envelope.tombstone(v(10, "r1")));
    assertThat(store.item("d:k").expiry()).isEqualTo(45);
  }

  @Test
  void reorderedDeliveryKeepsTheNewest() throws Exception {
    assertThat(apply(Operation.invalidate("d:k", v(20, "r1")))).isEqualTo(ApplyResult.STORED_TOMBSTONE);
    assertThat(apply(Operation.replicate("d:k", v(10, "r1"), 0, 0, new byte[] {1}))).isEqualTo(ApplyResult.STALE);
    assertThat(stored("d:k").isTombstone()).isTrue();
  }

  @Test
  void duplicatesAreNoOps() {
    Operation op = Operation.replicate("d:k", v(10, "r1"), 0, 0, new byte[] {1});
    assertThat(apply(op)).isEqualTo(ApplyResult.STORED_VALUE);
    int writes = store.writes();
    assertThat(apply(op)).isEqualTo(ApplyResult.DUPLICATE);
    assertThat(store.writes()).isEqualTo(writes);
  }

  @Test
  void replacesForeignItems() throws Exception {
    store.put("d:k", "legacy".getBytes(), 0);
    assertThat(apply(Operation.invalidate("d:k", v(1, "r1")))).isEqualTo(ApplyResult.STORED_TOMBSTONE);
    assertThat(stored("d:k").isTombstone()).isTrue();
  }

  @Test
  void plainDeleteDatasetDeletes() {
    store.put("plain:k", EnvelopeCodec.encode(Envelope.value(v(1, "r1"), 0, new byte[0])), 0);
    assertThat(apply(Operation.delete("plain:k", v(2, "r1")))).isEqualTo(ApplyResult.DELETED);
    assertThat(store.item("plain:k")).isNull();
    assertThat(apply(Operation.delete("plain:k", v(3, "r1")))).isEqualTo(ApplyResult.ALREADY_ABSENT);
  }

  @Test
  void retriesWhenANewerWriteSlipsInAndThenYieldsToIt() throws Exception {
    store.put("d:k", EnvelopeCodec.encode(Envelope.value(v(1, "r1"), 0, new byte[0])), 0);
    AtomicInteger races = new AtomicInteger();
    store.afterGets(s -> {
      if (races.getAndIncrement() == 0) { // a concurrent writer stores a newer value between gets and cas
        s.put("d:k", EnvelopeCodec.encode(Envelope.value(v(30, "r2"), 0, new byte[] {3})), 0);
      }
    });
    assertThat(apply(Operation.replicate("d:k", v(20, "r1"), 0, 0, new byte[] {2}))).isEqualTo(ApplyResult.STALE);
    assertThat(stored("d:k").version()).isEqualTo(v(30, "r2"));
    assertThat(races.get()).isEqualTo(2);
  }

  @Test
  void retriesWhenTheKeyAppearsBetweenGetsAndAdd() throws Exception {
    AtomicInteger races = new AtomicInteger();
    store.afterGets(s -> {
      if (races.getAndIncrement() == 0) {
        s.put("d:k", EnvelopeCodec.encode(Envelope.value(v(5, "r2"), 0, new byte[] {5})), 0);
      }
    });
    assertThat(apply(Operation.invalidate("d:k", v(6, "r1")))).isEqualTo(ApplyResult.STORED_TOMBSTONE);
    assertThat(stored("d:k")).isEqualTo(Envelope.tombstone(v(6, "r1")));
  }

  @Test
  void retriesWhenTheKeyDisappearsBetweenGetsAndCas() throws Exception {
    store.put("d:k", EnvelopeCodec.encode(Envelope.value(v(1, "r1"), 0, new byte[0])), 0);
    AtomicInteger races = new AtomicInteger();
    store.afterGets(s -> {
      if (races.getAndIncrement() == 0) {
        s.remove("d:k"); // evicted
      }
    });
    assertThat(apply(Operation.replicate("d:k", v(2, "r1"), 0, 0, new byte[] {2}))).isEqualTo(ApplyResult.STORED_VALUE);
    assertThat(stored("d:k").version()).isEqualTo(v(2, "r1"));
  }

  @Test
  void givesUpAfterTheAttemptBound() throws Exception {
    store.put("d:k", EnvelopeCodec.encode(Envelope.value(v(1, "r1"), 0, new byte[0])), 0);
    AtomicInteger gets = new AtomicInteger();
    store.afterGets(s -> {
      gets.incrementAndGet();
      s.put("d:k", EnvelopeCodec.encode(Envelope.value(v(1, "r1"), 0, new byte[0])), 0); // new CAS id, same content
    });
    assertThat(apply(Operation.invalidate("d:k", v(2, "r1")))).isEqualTo(ApplyResult.CONFLICT_RETRIES_EXHAUSTED);
    assertThat(gets.get()).isEqualTo(5);
    assertThat(stored("d:k").isTombstone()).isFalse();
  }

  @Test
  void anyDeliveryOrderWithDuplicatesConvergesToTheNewest() throws Exception {
    Random random = new Random(17);
    for (int round = 0; round < 300; round++) {
      List<Operation> ops = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Version version = v(random.nextInt(8), random.nextBoolean() ? "r1" : "r2");
        ops.add(switch (random.nextInt(3)) {
          case 0 -> Operation.invalidate("d:x" + round, version);
          case 1 -> Operation.delete("d:x" + round, version);
          default -> Operation.replicate("d:x" + round, version, 0, i, new byte[] {(byte) i});
        });
      }
      Operation newest = Collections.max(ops, (a, b) -> a.version().compareTo(b.version()));
      List<Operation> delivery = new ArrayList<>(ops);
      delivery.addAll(ops.subList(0, 3)); // duplicates
      Collections.shuffle(delivery, random);
      for (Operation op : delivery) {
        assertThat(apply(op).isSettled()).isTrue();
      }
      // ties on the full version may have different payloads; the first applied wins, like a duplicate
      Envelope result = stored("d:x" + round);
      assertThat(result.version()).isEqualTo(newest.version());
      boolean newestIsUnique = ops.stream().filter(o -> o.version().equals(newest.version())).count() == 1;
      if (newestIsUnique) {
        assertThat(result.isTombstone()).isEqualTo(newest.type().removesKey());
        if (!result.isTombstone()) {
          assertThat(result.payload()).isEqualTo(newest.value());
        }
      }
    }
  }

  @Test
  void twoRegionsApplyingEachOthersWritesConverge() throws Exception {
    InMemoryCasStore east = new InMemoryCasStore();
    InMemoryCasStore west = new InMemoryCasStore();
    MemcachedApplier eastApplier = new MemcachedApplier(east, d -> DatasetApplyRules.DEFAULT, () -> NOW_MICROS, 5);
    MemcachedApplier westApplier = new MemcachedApplier(west, d -> DatasetApplyRules.DEFAULT, () -> NOW_MICROS, 5);
    Operation eastWrite = Operation.replicate("d:k", v(100, "east"), 0, 0, new byte[] {'E'});
    Operation westWrite = Operation.replicate("d:k", v(100, "west"), 0, 0, new byte[] {'W'}); // same microsecond
    // each region writes locally first (through the same rules), then receives the other's write
    eastApplier.apply(eastWrite).join();
    westApplier.apply(westWrite).join();
    eastApplier.apply(westWrite).join();
    westApplier.apply(eastWrite).join();
    assertThat(east.item("d:k").bytes()).isEqualTo(west.item("d:k").bytes());
    assertThat(EnvelopeCodec.decode(east.item("d:k").bytes()).payload()).containsExactly('W');
  }

  @Test
  void fillAddsWhenAbsentAndRespectsTombstones() throws Exception {
    FillRequest versioned = new FillRequest("d:k", new byte[] {1}, 0, 0, at(50), 2_000_000, "r1");
    assertThat(applier.fill(versioned).join()).isEqualTo(FillResult.FILLED);
    assertThat(stored("d:k").version()).isEqualTo(v(50, "r1"));

    assertThat(apply(Operation.invalidate("d:k", v(60, "r2")))).isEqualTo(ApplyResult.STORED_TOMBSTONE);
    // the loader read a replica that has not seen the write at 60 yet
    assertThat(applier.fill(versioned).join()).isEqualTo(FillResult.SKIPPED_TOMBSTONE_NEWER);
    assertThat(stored("d:k").isTombstone()).isTrue();

    FillRequest caughtUp = new FillRequest("d:k", new byte[] {2}, 0, 0, at(60), 2_000_000, "r1");
    assertThat(applier.fill(caughtUp).join()).isEqualTo(FillResult.FILLED);
    assertThat(stored("d:k").payload()).containsExactly(2);
    assertThat(applier.fill(caughtUp).join()).isEqualTo(FillResult.SKIPPED_VALUE_PRESENT);
  }

  @Test
  void aFillNeverOverwritesAValueWrittenDuringTheLoad() throws Exception {
    store.put("d:k", EnvelopeCodec.encode(Envelope.tombstone(v(10, "r2"))), 45);
    AtomicInteger races = new AtomicInteger();
    store.afterGets(s -> {
      if (races.getAndIncrement() == 0) { // a write lands while the fill is deciding
        s.put("d:k", EnvelopeCodec.encode(Envelope.value(v(70, "r1"), 0, new byte[] {7})), 0);
      }
    });
    FillRequest fill = new FillRequest("d:k", new byte[] {1}, 0, 0, at(20), 0, "r1");
    assertThat(applier.fill(fill).join()).isEqualTo(FillResult.SKIPPED_VALUE_PRESENT);
    assertThat(stored("d:k").payload()).containsExactly(7);
  }

  @Test
  void applyAllDecidesFromTheBatchedReadAndWritesOncePerKey() throws Exception {
    store.put("d:older", EnvelopeCodec.encode(Envelope.value(v(5, "r1"), 0, new byte[] {0})), 0);
    store.put("d:newer", EnvelopeCodec.encode(Envelope.value(v(50, "r1"), 0, new byte[] {0})), 0);
    int writesBefore = store.writes();

    List<ApplyResult> results = applier.applyAll(List.of(
        Operation.replicate("d:absent", v(10, "r1"), 0, 0, new byte[] {1}),
        Operation.replicate("d:older", v(10, "r1"), 0, 0, new byte[] {2}),
        Operation.invalidate("d:newer", v(10, "r1")),
        Operation.delete("plain:absent", v(10, "r1")))).join();

    assertThat(results).containsExactly(ApplyResult.STORED_VALUE, ApplyResult.STORED_VALUE, ApplyResult.STALE,
        ApplyResult.ALREADY_ABSENT);
    assertThat(store.writes() - writesBefore).isEqualTo(2);
    assertThat(stored("d:older").payload()).containsExactly(2);
    assertThat(stored("d:newer").version()).isEqualTo(v(50, "r1"));
  }

  @Test
  void applyAllRereadsAKeyThatChangedAfterTheBatchedRead() throws Exception {
    store.put("d:k", EnvelopeCodec.encode(Envelope.value(v(5, "r1"), 0, new byte[] {0})), 0);
    AtomicInteger reads = new AtomicInteger();
    store.afterGets(s -> {
      if (reads.incrementAndGet() == 1) {
        // a concurrent writer stores something newer between the batched read and our cas
        s.put("d:k", EnvelopeCodec.encode(Envelope.value(v(99, "r2"), 0, new byte[] {7})), 0);
      }
    });

    List<ApplyResult> results = applier.applyAll(List.of(
        Operation.replicate("d:k", v(10, "r1"), 0, 0, new byte[] {1}))).join();

    assertThat(results).containsExactly(ApplyResult.STALE);
    assertThat(stored("d:k").version()).isEqualTo(v(99, "r2"));
    assertThat(reads.get()).isEqualTo(2);
  }

  @Test
  void applyAllOfAnEmptyListDoesNothing() {
    assertThat(applier.applyAll(List.of()).join()).isEmpty();
  }
}
