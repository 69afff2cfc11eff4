import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails the build of a module whose sources (main and test) name another module's {@code internal} package
 * (this project's {@code dev.activeactive...internal...} packages; third-party internals are their owners' call).
 *
 * <p>Run by every module in the {@code process-sources} phase (see the root pom) as
 * {@code java InternalImports.java <module dir>}. A module may name an {@code ...internal...} package only if it
 * declares that package itself: "internal" is what a module may change without telling anyone, so another
 * module that reaches into it breaks on the next refactoring. Imports, fully-qualified names and Javadoc
 * links all count, since each of them is a compile-time dependency or a promise to readers.
 *
 * <p>Because "its own package" is decided by the packages a module declares, a module that declared another
 * module's package (a split package: the same package in two jars) would pass that check while reaching into the
 * other module's internals, package-private members included; split packages also break JPMS users. So, given the
 * repository root as a second argument ({@code java InternalImports.java <module dir> <root>}), it also fails a
 * module that declares any package (api, internal or test) that another module of the repository declares.
 */
public final class InternalImports {
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  /** A reference up to and including its {@code internal} segment, e.g. {@code dev.activeactive.evcache.internal}. */
  private static final Pattern INTERNAL_REF = Pattern.compile("\\b(dev\\.activeactive(?:\\.\\w+)*?\\.internal)\\b(?:\\.[\\w.*]+)?");

  public static void main(String[] args) throws IOException {
    Path module = Path.of(args.length > 0 ? args[0] : ".");
    Path src = module.resolve("src");
    if (!Files.isDirectory(src)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(src)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    Set<String> own = new TreeSet<>();
    for (Path file : files) {
      Matcher m = PACKAGE.matcher(read(file));
      if (m.find()) {
        own.add(m.group(1));
      }
    }
    List<String> violations = new ArrayList<>();
    if (args.length > 1) {
      Map<String, Path> elsewhere = packagesOfOtherModules(Path.of(args[1]), module);
      for (String pkg : own) {
        if (elsewhere.containsKey(pkg)) {
          violations.add("package " + pkg + " is also declared by " + elsewhere.get(pkg)
              + " (a split package: give this module's classes a package of their own)");
        }
      }
    }
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = INTERNAL_REF.matcher(lines.get(i));
        while (m.find()) {
          String prefix = m.group(1);
          if (own.stream().noneMatch(p -> p.equals(prefix) || p.startsWith(prefix + "."))) {
            violations.add(module.relativize(file) + ":" + (i + 1) + ": " + m.group().trim());
          }
        }
      }
    }
    if (!violations.isEmpty()) {
      System.err.println("[internal-imports] " + module.toAbsolutePath().normalize().getFileName() + " names "
          + violations.size() + " type(s) in another module's internal package, or shares a package:");
      violations.forEach(v -> System.err.println("  " + v));
      System.err.println("[internal-imports] An internal package is its module's own business. Use that module's "
          + "api package, or move what both modules need into an api package (see docs/ARCHITECTURE.md).");
      System.exit(1);
    }
  }

  /** Every package declared under a {@code src} directory of a module (a directory with a pom.xml) but this one. */
  private static Map<String, Path> packagesOfOtherModules(Path root, Path module) throws IOException {
    Path self = module.toAbsolutePath().normalize();
    Path top = root.toAbsolutePath().normalize();
    Map<String, Path> packages = new TreeMap<>();
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        if (name.equals("target") || name.equals("node_modules") || (name.startsWith(".") && !dir.equals(top))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        boolean moduleSrc = name.equals("src") && Files.isRegularFile(dir.resolveSibling("pom.xml"));
        if (moduleSrc && dir.getParent().equals(self)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (file.toString().endsWith(".java") && underModuleSrc(file)) {
          Matcher m = PACKAGE.matcher(read(file));
          if (m.find()) {
            packages.putIfAbsent(m.group(1), top.relativize(moduleOf(file)));
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return packages;
  }

  private static boolean underModuleSrc(Path file) {
    return moduleOf(file) != null;
  }

  /** The module directory holding the file: the parent of its nearest {@code src} ancestor that has a pom.xml. */
  private static Path moduleOf(Path file) {
    for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
      if (dir.getFileName() != null && dir.getFileName().toString().equals("src")
          && Files.isRegularFile(dir.resolveSibling("pom.xml"))) {
        return dir.getParent();
      }
    }
    return null;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
