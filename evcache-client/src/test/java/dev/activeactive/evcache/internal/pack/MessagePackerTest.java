package dev.activeactive.evcache.internal.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.evcache.internal.pack.MessagePacker.AddResult;
import dev.activeactive.protocol.api.version.Version;
import dev.activeactive.protocol.api.wire.Message;
import dev.activeactive.protocol.api.wire.MessageCodec;
import dev.activeactive.protocol.api.wire.MessageSigner;
import dev.activeactive.protocol.api.wire.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessagePackerTest {

  private static final int LIMIT = 4096;
  private final MessageCodec codec = new MessageCodec(LIMIT, null);
  private final MessagePacker packer = new MessagePacker(codec, "r1", 99, () -> 1234L);

  private static Version v(long micros) {
    return new Version(micros, "r1");
  }

  @Test
  void smallBatchWaitsForLingerThenDrainsAsOneMessage() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(packer.add(Operation.invalidate("d:k" + i, v(i)))).isEqualTo(AddResult.ADDED);
    }
    assertThat(packer.hasFullMessage()).isFalse();
    assertThat(packer.drainFull()).isEmpty();
    List<PackedMessage> all = packer.drainAll();
    assertThat(all).hasSize(1);
    Message decoded = codec.decodeBody(all.get(0).body());
    assertThat(decoded.operations()).hasSize(10);
    assertThat(decoded.producerId()).isEqualTo(99);
    assertThat(decoded.publishTimeMillis()).isEqualTo(1234L);
    assertThat(packer.isEmpty()).isTrue();
    assertThat(packer.pendingOperationBytes()).isZero();
  }

  @Test
  void fullMessagesAreReadyAsSoonAsOneCanBeFilled() throws Exception {
    int added = 0;
    while (!packer.hasFullMessage()) {
      packer.add(Operation.invalidate("d:key-" + added, v(added)));
      added++;
    }
    List<PackedMessage> full = packer.drainFull();
    assertThat(full).hasSize(1);
    assertThat(full.get(0).operationCount() + packer.pendingOperations()).isEqualTo(added);
    assertThat(packer.pendingOperations()).isEqualTo(1); // the operation that did not fit
    // full: the next operation would not have fitted
    int nextOpBytes = codec.operationBytes(Operation.invalidate("d:key-" + (added - 1), v(0)), "r1");
    assertThat(codec.decodeBody(full.get(0).body()).operations()).hasSize(full.get(0).operationCount());
    assertThat(MessageCodec.bodyBytes(frameBytes(full.get(0)) + nextOpBytes)).isGreaterThan(LIMIT);
  }

  @Test
  void bodiesNeverExceedTheLimitAndEveryOperationArrivesExactlyOnce() throws Exception {
    Random random = new Random(3);
    Map<String, Operation> newest = new HashMap<>();
    List<PackedMessage> sent = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String key = "d:" + random.nextInt(800);
      Version version = v(random.nextInt(100_000));
      Operation op = switch (random.nextInt(3)) {
        case 0 -> Operation.invalidate(key, version);
        case 1 -> Operation.delete(key, version);
        default -> Operation.replicate(key, version, 0, 0, new byte[random.nextInt(600)]);
      };
      packer.add(op);
      newest.merge(key, op, (a, b) -> b.version().isNewerThan(a.version()) ? b : a);
      if (packer.hasFullMessage()) {
        sent.addAll(packer.drainFull());
      }
      if (random.nextInt(500) == 0) {
        sent.addAll(packer.drainAll()); // linger expired
      }
    }
    sent.addAll(packer.drainAll());

    Map<String, Operation> received = new HashMap<>();
    long sequence = 0;
    for (PackedMessage message : sent) {
      assertThat(message.bodyBytes()).isLessThanOrEqualTo(LIMIT);
      assertThat(message.sequence()).isEqualTo(sequence++);
      Message decoded = codec.decodeBody(message.body());
      assertThat(decoded.operations()).hasSize(message.operationCount());
      for (Operation op : decoded.operations()) {
        received.merge(op.key(), op, (a, b) -> b.version().isNewerThan(a.version()) ? b : a);
      }
    }
    // applying everything received with newest-wins gives the same state as applying every operation
    assertThat(received).isEqualTo(newest);
  }

  @Test
  void eachKeyAppearsOnceWithinADrainedWindow() throws Exception {
    Random random = new Random(5);
    int total = 0;
    for (int i = 0; i < 3_000; i++) {
      packer.add(Operation.invalidate("d:" + random.nextInt(300), v(i)));
      total++;
    }
    int pending = packer.pendingOperations();
    List<PackedMessage> all = packer.drainAll();
    List<String> keys = new ArrayList<>();
    for (PackedMessage m : all) {
      codec.decodeBody(m.body()).operations().forEach(op -> keys.add(op.key()));
    }
    assertThat(keys).doesNotHaveDuplicates().hasSize(pending);
    assertThat(pending).isLessThanOrEqualTo(300).isLessThan(total);
  }

  @Test
  void coalescingKeepsTheNewestVersionWhateverItsType() throws Exception {
    byte[] value = "v".getBytes(StandardCharsets.UTF_8);
    assertThat(packer.add(Operation.replicate("d:a", v(10), 0, 0, value))).isEqualTo(AddResult.ADDED);
    assertThat(packer.add(Operation.delete("d:a", v(11)))).isEqualTo(AddResult.REPLACED_OLDER);
    assertThat(packer.add(Operation.replicate("d:a", v(9), 0, 0, value))).isEqualTo(AddResult.DROPPED_NOT_NEWER);
    assertThat(packer.add(Operation.invalidate("d:a", v(11)))).isEqualTo(AddResult.DROPPED_NOT_NEWER);

    assertThat(packer.add(Operation.invalidate("d:b", v(20)))).isEqualTo(AddResult.ADDED);
    assertThat(packer.add(Operation.replicate("d:b", v(21), 0, 0, value))).isEqualTo(AddResult.REPLACED_OLDER);

    // same timestamp, the region tie-break decides
    assertThat(packer.add(Operation.invalidate("d:c", new Version(30, "r1")))).isEqualTo(AddResult.ADDED);
    assertThat(packer.add(Operation.invalidate("d:c", new Version(30, "r2")))).isEqualTo(AddResult.REPLACED_OLDER);

    List<Operation> ops = codec.decodeBody(packer.drainAll().get(0).body()).operations();
    assertThat(ops).containsExactly(
        Operation.delete("d:a", v(11)),
        Operation.replicate("d:b", v(21), 0, 0, value),
        Operation.invalidate("d:c", new Version(30, "r2")));
  }

  @Test
  void sizeAccountingFollowsReplacements() {
    packer.add(Operation.invalidate("d:a", v(1)));
    long small = packer.pendingOperationBytes();
    packer.add(Operation.replicate("d:a", v(2), 0, 0, new byte[100]));
    assertThat(packer.pendingOperationBytes()).isEqualTo(small + 12 + 100);
    packer.add(Operation.delete("d:a", v(3)));
    assertThat(packer.pendingOperationBytes()).isEqualTo(small);
  }

  @Test
  void replacingWithALargerValueCanMakeAMessageFull() {
    int max = packer.maxReplicableValueBytes("d:a");
    packer.add(Operation.invalidate("d:a", v(1)));
    packer.add(Operation.invalidate("d:b", v(1)));
    assertThat(packer.hasFullMessage()).isFalse();
    packer.add(Operation.replicate("d:a", v(2), 0, 0, new byte[max]));
    assertThat(packer.hasFullMessage()).isTrue();
    List<PackedMessage> full = packer.drainFull();
    assertThat(full).hasSize(1);
    assertThat(full.get(0).bodyBytes()).isLessThanOrEqualTo(LIMIT);
    assertThat(packer.pendingOperations()).isEqualTo(1);
  }

  @Test
  void oversizedOperationsAreReportedNotPacked() {
    int max = packer.maxReplicableValueBytes("d:big");
    Operation fits = Operation.replicate("d:big", v(1), 0, 0, new byte[max]);
    Operation tooBig = Operation.replicate("d:big", v(1), 0, 0, new byte[max + 1]);
    assertThat(packer.fits(fits)).isTrue();
    assertThat(packer.fits(tooBig)).isFalse();
    assertThat(packer.fits(tooBig.asInvalidate())).isTrue();
    assertThatThrownBy(() -> packer.add(tooBig)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INVALIDATE");
    assertThat(packer.isEmpty()).isTrue();
    packer.add(fits);
    assertThat(packer.drainAll().get(0).bodyBytes()).isLessThanOrEqualTo(LIMIT);
  }

  @Test
  void signingIsAccountedFor() throws Exception {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    MessageCodec signing = new MessageCodec(LIMIT, MessageSigner.of(secret));
    MessagePacker signed = new MessagePacker(signing, "r1", 1, () -> 1L);
    for (int i = 0; i < 2_000; i++) {
      signed.add(Operation.invalidate("d:" + i, v(i)));
    }
    for (PackedMessage m : signed.drainAll()) {
      assertThat(m.bodyBytes()).isLessThanOrEqualTo(LIMIT);
      assertThat(signing.decodeBody(m.body()).signed()).isTrue();
    }
  }

  @Test
  void messagesAreNearlyFull() {
    for (int i = 0; i < 5_000; i++) {
      packer.add(Operation.invalidate("d:" + i, v(i)));
    }
    List<PackedMessage> full = packer.drainFull();
    assertThat(full).isNotEmpty();
    int opBytes = codec.operationBytes(Operation.invalidate("d:9999", v(1)), "r1");
    for (PackedMessage m : full) {
      // within one operation (plus Base64 rounding) of the limit
      assertThat(m.bodyBytes()).isGreaterThan(LIMIT - (opBytes * 4 / 3 + 8));
    }
  }

  @Test
  void invalidationsPackDensely() {
    MessageCodec sqs = new MessageCodec();
    MessagePacker real = new MessagePacker(sqs, "us-east-1", 1, () -> 1L);
    for (int i = 0; i < 1_000; i++) {
      real.add(Operation.invalidate("users:user-" + (1_000_000 + i), new Version(1_700_000_000_000_000L + i, "us-east-1")));
    }
    assertThat(real.drainAll()).hasSize(1); // 1,000 invalidations fit into one SQS message
  }

  private int frameBytes(PackedMessage message) {
    String base64 = message.body().substring(MessageCodec.BODY_PREFIX.length());
    return java.util.Base64.getDecoder().decode(base64).length;
  }
}
