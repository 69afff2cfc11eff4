package dev.activeactive.appendlog.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Names, lists and atomically replaces the segment files of one folder. */
final class SegmentFiles {
  private static final String SUFFIX = ".seg";
  private static final String TEMPORARY = ".tmp";

  private final Path directory;
  private final String prefix;
  private final Pattern name;
  private final ChannelOpener opener;

  SegmentFiles(Path directory, String prefix, ChannelOpener opener) {
    this.directory = directory;
    this.prefix = prefix;
    this.name = Pattern.compile(Pattern.quote(prefix) + "-(\\d{20})" + Pattern.quote(SUFFIX));
    this.opener = opener;
  }

  Path path(long segment) {
    return directory.resolve(String.format("%s-%020d%s", prefix, segment, SUFFIX));
  }

  List<Long> list() throws IOException {
    TreeSet<Long> numbers = new TreeSet<>();
    try (Stream<Path> entries = Files.list(directory)) {
      entries.forEach(p -> {
        Matcher m = name.matcher(p.getFileName().toString());
        if (m.matches()) {
          numbers.add(Long.parseLong(m.group(1)));
        }
      });
    }
    return List.copyOf(numbers);
  }

  /** A crash during {@link #replaceAtomically} leaves a temporary file; the segment itself is intact. */
  void deleteLeftoverTemporaries() throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String file = p.getFileName().toString();
        if (file.endsWith(SUFFIX + TEMPORARY) && name.matcher(file.substring(0, file.length() - 4)).matches()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Writes {@code content} to a temporary file, forces it, and moves it over the segment; returns its size. */
  long replaceAtomically(long segment, List<ByteBuffer> content) throws IOException {
    Path target = path(segment);
    Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY);
    long size = 0;
    try (FileChannel out = opener.open(temporary, Set.of(StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
      for (ByteBuffer part : content) {
        ByteBuffer b = part.duplicate();
        size += b.remaining();
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      out.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory();
    return size;
  }

  /** Makes file creations, renames and deletions in the folder durable (where the platform allows it). */
  void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // some platforms cannot open or force a directory; the file data itself was forced already
    }
  }
}
