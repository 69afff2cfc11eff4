package dev.activeactive.evcache.internal.publish;

import static dev.activeactive.evcache.internal.publish.PublisherRecoveryTest.distinctOperations;
import static dev.activeactive.evcache.internal.publish.PublisherRecoveryTest.invalidate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.evcache.api.OverflowPolicy;
import dev.activeactive.evcache.internal.spool.DiskSpool;
import dev.activeactive.evcache.internal.spool.SpoolEntry;
import dev.activeactive.evcache.internal.spool.SpoolOptions;
import dev.activeactive.evcache.internal.spool.SpoolPosition;
import dev.activeactive.protocol.api.wire.Operation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher when its disk is in trouble: a journal or spool at its byte limit, and a spooled record damaged
 * on disk. Clear error, the rest delivered, no endless loop.
 */
class PublisherDiskTroubleTest {

  private static final String REGION = "us-west-2";

  @TempDir
  Path tmp;

  private final List<DefaultPublisher> publishers = new ArrayList<>();
  private final DefaultPublisherTest.CountingListener listener = new DefaultPublisherTest.CountingListener();

  @AfterEach
  void closeAll() {
    publishers.forEach(DefaultPublisher::close);
  }

  /** One operation a message, so that each spool record holds exactly one operation. */
  private static PublisherSettings settings(Path spool, SpoolOptions options) {
    return new PublisherSettings(Duration.ZERO, false, 32L << 20, OverflowPolicy.FAIL, Duration.ofSeconds(1), spool,
        options, 4, Duration.ofMillis(20), Duration.ofMillis(100), 4_096, null, Duration.ofSeconds(10));
  }

  private DefaultPublisher publisher(PublisherSettings settings, SqsSender sender) {
    DefaultPublisher p = new DefaultPublisher("us-east-1", Map.of(REGION, sender), settings, listener);
    publishers.add(p);
    return p;
  }

  @Test
  void aFullJournalAndSpoolLoseNothingWhileTheQueueAnswers() {
    // 16 KiB for the journal and for the spool: a few hundred operations
    SpoolOptions tiny = new SpoolOptions(16_384, 8_192, 4_096, false);
    FakeSqsSender sqs = new FakeSqsSender();
    sqs.holding(true); // nothing is delivered for now: the journal fills up
    DefaultPublisher publisher = publisher(settings(tmp.resolve("spool"), tiny), sqs);
    List<Operation> published = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      Operation op = invalidate("full-" + i);
      published.add(op);
      publisher.reserve(op).publish(); // never refused: the journal is a safety net, not a gate
    }
    sqs.holding(false);
    publisher.flush().orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(distinctOperations(sqs.stored())).containsExactlyInAnyOrderElementsOf(published);
    assertThat(listener.get("dropped." + REGION + ".closed")).isZero();
  }

  @Test
  void aFullSpoolKeepsMessagesInMemoryAndDeliversThemWhenTheQueueIsBack() {
    SpoolOptions tiny = new SpoolOptions(16_384, 8_192, 4_096, false);
    FakeSqsSender sqs = new FakeSqsSender();
    sqs.failing(true); // spooling, until the spool is full
    DefaultPublisher publisher = publisher(settings(tmp.resolve("spool"), tiny), sqs);
    List<Operation> published = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Operation op = invalidate("spool-full-" + i);
      published.add(op);
      publisher.reserve(op).publish();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.get("spooled." + REGION) > 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> publisher.queuedOperations(REGION) > 0
        && publisher.spoolBytes(REGION) > 8_000);
    assertThat(listener.get("spooled." + REGION)).as("the spool filled up before everything was spooled")
        .isLessThan(1_000);
    sqs.failing(false);
    publisher.flush().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(distinctOperations(sqs.stored())).containsExactlyInAnyOrderElementsOf(published);
    assertThat(publisher.mode(REGION)).isEqualTo(PublisherMode.DIRECT);
  }

  @Test
  void aDamagedSpoolRecordIsSkippedAndEveryOtherOperationDelivered() throws IOException {
    Path spool = tmp.resolve("spool");
    SpoolOptions options = new SpoolOptions(1 << 20, 65_536, 4_096, false);
    FakeSqsSender down = new FakeSqsSender();
    down.failing(true);
    DefaultPublisher first = publisher(settings(spool, options), down);
    List<Operation> published = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Operation op = invalidate("damaged-" + i);
      published.add(op);
      first.reserve(op).publish();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.get("spooled." + REGION) == 50);
    first.close();

    assertThat(damage(spool.resolve(REGION), options, 25)).exists();
    FakeSqsSender up = new FakeSqsSender();
    DefaultPublisher second = publisher(settings(spool, options), up);
    second.flush().orTimeout(20, TimeUnit.SECONDS).join(); // ends: the damaged record is not tried forever
    List<Operation> expected = new ArrayList<>(published);
    Operation lost = expected.remove(25);
    assertThat(distinctOperations(up.stored())).containsExactlyInAnyOrderElementsOf(expected).doesNotContain(lost);
    int requests = up.requests().size();
    assertThat(requests).as("requests to deliver 49 records, no endless retry").isLessThan(50);
    assertThat(second.spoolBytes(REGION)).isZero();
  }

  /** Flips a byte inside the payload of the spool's record number {@code index} (0 first); returns its file. */
  private static Path damage(Path dir, SpoolOptions options, int index) throws IOException {
    SpoolPosition at;
    try (DiskSpool spool = DiskSpool.open(dir, options)) {
      List<SpoolEntry> entries = spool.read(index + 1);
      assertThat(entries).hasSize(index + 1);
      at = entries.get(index).position();
    }
    Path file = dir.resolve(String.format("spool-%020d.seg", at.segment()));
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at.offset() + 24); // past the record's header, inside its body
      int b = raf.read();
      raf.seek(at.offset() + 24);
      raf.write(b ^ 0x01);
    }
    return file;
  }
}
