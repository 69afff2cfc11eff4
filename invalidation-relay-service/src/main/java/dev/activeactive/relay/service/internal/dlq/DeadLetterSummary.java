package dev.activeactive.relay.service.internal.dlq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code dlq list} reports after the rows, built one dead letter at a time so that a listing of any length
 * needs the same memory: counts by reason and by dataset, the oldest and newest age, and a few ids per reason to
 * pass to {@code dlq show}. Reasons and datasets are few (a reason is an enum name, a dataset a key prefix); a
 * DLQ with thousands of distinct datasets would grow the counts, not the bodies.
 */
final class DeadLetterSummary {
  private final int samplesPerReason;
  private final Map<String, Integer> byReason = new TreeMap<>();
  private final Map<String, Integer> byDataset = new TreeMap<>();
  private final Map<String, List<String>> samples = new TreeMap<>();
  private long count;
  private long oldestMillis = -1;
  private long newestMillis = -1;

  DeadLetterSummary(int samplesPerReason) {
    if (samplesPerReason < 0) {
      throw new IllegalArgumentException("samplesPerReason must not be negative, got " + samplesPerReason);
    }
    this.samplesPerReason = samplesPerReason;
  }

  /** Counts one dead letter. {@code ageMillis} &lt; 0 when SQS did not say when it was sent. */
  void add(String messageId, String reason, List<String> datasets, long ageMillis) {
    count++;
    byReason.merge(reason, 1, Integer::sum);
    for (String dataset : datasets) {
      byDataset.merge(dataset, 1, Integer::sum);
    }
    List<String> ids = samples.computeIfAbsent(reason, r -> new ArrayList<>());
    if (ids.size() < samplesPerReason) {
      ids.add(messageId);
    }
    if (ageMillis >= 0) {
      oldestMillis = Math.max(oldestMillis, ageMillis);
      newestMillis = newestMillis < 0 ? ageMillis : Math.min(newestMillis, ageMillis);
    }
  }

  long count() {
    return count;
  }

  Map<String, Integer> byReason() {
    return new LinkedHashMap<>(byReason);
  }

  Map<String, Integer> byDataset() {
    return new LinkedHashMap<>(byDataset);
  }

  /** Up to {@code samplesPerReason} ids per reason, the first ones counted. */
  Map<String, List<String>> samples() {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    samples.forEach((reason, ids) -> copy.put(reason, List.copyOf(ids)));
    return copy;
  }

  /** The largest age counted, or -1 when none was known. */
  long oldestMillis() {
    return oldestMillis;
  }

  /** The smallest age counted, or -1 when none was known. */
  long newestMillis() {
    return newestMillis;
  }
}
