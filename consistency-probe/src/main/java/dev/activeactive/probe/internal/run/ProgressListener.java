package dev.activeactive.probe.internal.run;

/** Told how a run advances, for progress bars. Called from many threads; implementations must be thread-safe. */
public interface ProgressListener {
  /** A phase begins: {@code total} units of work. */
  void phase(String name, long total);

  /** {@code done} units of the current phase are finished. */
  void progress(long done);

  /** The current phase is finished. */
  void phaseDone();

  ProgressListener NONE = new ProgressListener() {
    @Override
    public void phase(String name, long total) {}

    @Override
    public void progress(long done) {}

    @Override
    public void phaseDone() {}
  };
}
