package dev.activeactive.probe.internal.report;

import dev.activeactive.probe.internal.run.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar per phase on a terminal (redrawn in place at most every 200 ms); without a terminal, a line
 * every 10 % so that CI logs stay short.
 */
public final class ConsoleProgress implements ProgressListener {
  private static final int BAR = 30;

  private final PrintStream out;
  private final boolean terminal;
  private String phase = "";
  private long total;
  private long started;
  private long lastDraw;
  private int lastDecile = -1;

  public ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void phase(String name, long total) {
    this.phase = name;
    this.total = Math.max(1, total);
    this.started = System.nanoTime();
    this.lastDraw = 0;
    this.lastDecile = -1;
    draw(0, true);
  }

  @Override
  public synchronized void progress(long done) {
    draw(done, false);
  }

  @Override
  public synchronized void phaseDone() {
    draw(total, true);
    if (terminal) {
      out.println();
    }
  }

  private void draw(long done, boolean force) {
    long now = System.nanoTime();
    double fraction = Math.min(1, done / (double) total);
    if (terminal) {
      if (!force && now - lastDraw < 200_000_000L) {
        return;
      }
      lastDraw = now;
      int filled = (int) (fraction * BAR);
      double seconds = (now - started) / 1e9;
      out.printf(Locale.ROOT, "\r%-18s [%s%s] %5.1f%% %,d/%,d %,.0f/s", phase, "#".repeat(filled),
          " ".repeat(BAR - filled), fraction * 100, done, total, seconds > 0 ? done / seconds : 0);
      out.flush();
    } else {
      int decile = (int) (fraction * 10);
      if (decile != lastDecile) {
        lastDecile = decile;
        out.printf(Locale.ROOT, "%s: %d%% (%,d/%,d)%n", phase, decile * 10, done, total);
      }
    }
  }
}
