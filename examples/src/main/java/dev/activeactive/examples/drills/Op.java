package dev.activeactive.examples.drills;

/** The operations a drill's traffic sends to the service. */
enum Op {
  HISTORY_PUT("history PUT", true),
  NOW_PLAYING_PUT("now-playing PUT", true),
  HISTORY_GET("history GET", false),
  NOW_PLAYING_GET("now-playing GET", false);

  private final String label;
  private final boolean write;

  Op(String label, boolean write) {
    this.label = label;
    this.write = write;
  }

  /** How reports name it. */
  String label() {
    return label;
  }

  /** Whether it writes. */
  boolean isWrite() {
    return write;
  }
}
