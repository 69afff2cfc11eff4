package dev.activeactive.examples.region;

import java.util.LinkedHashMap;
import java.util.Map;

/** A relay's state as a small ordered map, for {@code /relay}, {@code /health} and the console. */
public final class RelayView {

  private RelayView() {}

  /** Whether it runs and is ready, its counts since start, and its publish-to-apply lag. */
  public static Map<String, Object> of(EmbeddedRelay relay) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("running", relay.isRunning());
    view.put("ready", relay.isReady());
    relay.stats().ifPresent(s -> {
      view.put("messagesApplied", s.messagesApplied());
      view.put("operationsApplied", s.operationsApplied());
      view.put("messagesRetried", s.messagesRetried());
      view.put("messagesRejected", s.rejectedTotal());
    });
    relay.lag().ifPresent(l -> {
      view.put("lagMeanMillis", Math.round(l.meanMillis()));
      view.put("lagMaxMillis", Math.round(l.maxMillis()));
    });
    return view;
  }
}
