package dev.activeactive.appendlog.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/** Opens the channels segment files are written through; tests substitute channels that fail on cue. */
interface ChannelOpener {
  ChannelOpener FILES = FileChannel::open;

  FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
}
