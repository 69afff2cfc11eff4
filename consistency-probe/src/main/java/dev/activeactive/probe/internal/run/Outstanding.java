package dev.activeactive.probe.internal.run;

/** Counts asynchronous tasks still running, and waits until there are none. */
final class Outstanding {
  private long count;

  synchronized void add() {
    count++;
  }

  synchronized void done() {
    if (--count == 0) {
      notifyAll();
    }
  }

  synchronized void awaitNone() throws InterruptedException {
    while (count > 0) {
      wait();
    }
  }
}
