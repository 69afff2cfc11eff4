package dev.activeactive.probe.internal;

import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.api.ProbeResult.CurvePoint;
import dev.activeactive.probe.api.ProbeResult.FollowUp;
import dev.activeactive.probe.api.ProbeResult.HistogramBucket;
import dev.activeactive.probe.api.ProbeResult.MissedRecord;
import dev.activeactive.probe.api.ProbeResult.Percentiles;
import dev.activeactive.probe.api.ProbeResult.RunParameters;
import dev.activeactive.probe.api.ProbeResult.TimelinePoint;
import java.util.List;

/** Results with made-up numbers, for tests of what reads them (reports, the exit gate). */
public final class TestResults {
  public static final Percentiles P = new Percentiles(1, 2, 3, 4, 5);
  public static final RunParameters PARAMETERS = new RunParameters(256, 0, "LOCAL_QUORUM", "LOCAL_ONE",
      "us-east-1/us-west-2", 86_400, 2, "17.0.15", "test");

  private TestResults() {}

  /** 1,000 records, {@code missing} of them missing on time, {@code late} reads late. */
  public static ProbeResult result(String mode, long missing, long late) {
    long onTime = 1000 - late;
    List<MissedRecord> sample = missing == 0 ? List.of()
        : List.of(new MissedRecord(17, 1234.5, 500.2, 812.25), new MissedRecord(42, 2000, 501, -1));
    FollowUp followUp = new FollowUp(missing, Math.max(0, missing - 1), Math.min(1, missing), 60_000, P, sample);
    List<TimelinePoint> timeline = List.of(new TimelinePoint(0, 500, 0, 0, 0, 3.5),
        new TimelinePoint(1, 500, 490, late, missing, 900), new TimelinePoint(2, 0, 510, 0, 0, -1));
    return new ProbeResult(mode, 1000, 500, "PER_RECORD", "us-east-1", "us-west-2", PARAMETERS, onTime - missing,
        missing, P, 100, 1, List.of(new CurvePoint(0, 0.5), new CurvePoint(5, 0.7), new CurvePoint(500, 0.99),
            new CurvePoint(1000, 0.995)),
        List.of(new HistogramBucket(1, 50), new HistogramBucket(2, 49)), P, P, 1234.5, 1200.0, 3, 1, 10, onTime,
        late, late, 0, late == 0 ? 0 : 37.5, followUp, timeline, 4321);
  }
}
