import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Fails the build of a library whose public API has an undocumented member: every type, constructor, method,
 * field and enum constant that a caller can reach in a {@code ...api} package (or below one) of
 * {@code src/main/java} must have a doc comment.
 *
 * <p>Run in {@code process-sources} by the library modules (see the root pom, {@code api-docs.skip}) as
 * {@code java ApiDocs.java <module dir>}. This is the "no comment" half of javadoc's doclint {@code missing}
 * group, which the javadoc jar cannot enforce alone: {@code missing} also demands an {@code @param},
 * {@code @return} and {@code @throws} tag for every parameter, result and checked exception, hundreds of them in
 * this project, whose comments say in sentences what a caller must know. A method annotated {@code @Override}
 * counts as documented (javadoc copies the overridden method's comment); so does a record's accessor (its
 * {@code @param}). A JavaBean accessor ({@code getX}, {@code isX}, {@code setX}) counts as documented when the
 * field {@code x} of its class has a doc comment: that is where a Spring Boot properties class documents an option
 * (its configuration-metadata processor reads the field's comment for IDEs), as Spring Boot's own do. A public
 * class without an explicit constructor is reported too: javadoc documents its default constructor with no
 * comment, so declare it (documented) or make it private. The non-static, non-transient fields of a public
 * serializable class (an exception, or one that implements {@code Serializable}) need a comment whatever their
 * access: javadoc's "Serialized Form" page documents them.
 */
public final class ApiDocs {
  public static void main(String[] args) throws IOException {
    Path module = Path.of(args.length > 0 ? args[0] : ".");
    Path src = module.resolve("src/main/java");
    if (!Files.isDirectory(src)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(src)) {
      files = walk.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")
          && !p.endsWith("module-info.java") && isApi(src.relativize(p.getParent()))).sorted().toList();
    }
    if (files.isEmpty()) {
      return;
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> violations = new ArrayList<>();
    try (StandardJavaFileManager fm = compiler.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
      JavacTask task = (JavacTask) compiler.getTask(null, fm, d -> { }, List.of("-proc:none"), null, units);
      DocTrees docs = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new Scanner(docs, unit, module, violations).scan(unit, null);
      }
    }
    if (!violations.isEmpty()) {
      System.err.println("[api-docs] " + module.toAbsolutePath().normalize().getFileName() + " has "
          + violations.size() + " public API member(s) without a doc comment:");
      violations.forEach(v -> System.err.println("  " + v));
      System.err.println("[api-docs] Say what each is for and what a caller must know (docs/ARCHITECTURE.md: every "
          + "public type and option documented).");
      System.exit(1);
    }
  }

  private static boolean isApi(Path packageDir) {
    for (Path part : packageDir) {
      if (part.toString().equals("api")) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.regex.Pattern ACCESSOR = java.util.regex.Pattern.compile("(get|is|set)([A-Z]\\w*)");

  private static final class Scanner extends TreePathScanner<Void, Void> {
    private final DocTrees docs;
    private final CompilationUnitTree unit;
    private final Path module;
    private final List<String> violations;
    /** The enclosing types, innermost first (all visible to callers: hidden ones are not entered). */
    private final Deque<ClassTree> types = new ArrayDeque<>();
    /** For each entered type, the names of its fields that have a doc comment. */
    private final Deque<Set<String>> documentedFields = new ArrayDeque<>();

    Scanner(DocTrees docs, CompilationUnitTree unit, Path module, List<String> violations) {
      this.docs = docs;
      this.unit = unit;
      this.module = module;
      this.violations = violations;
    }

    @Override
    public Void visitClass(ClassTree type, Void unused) {
      if (!visible(type.getModifiers())) {
        return null; // nothing inside a hidden type is API
      }
      require(type, "type " + type.getSimpleName());
      Tree.Kind kind = type.getKind();
      if (kind == Tree.Kind.CLASS) {
        boolean hasConstructor = type.getMembers().stream().anyMatch(m -> m instanceof MethodTree mt
            && mt.getName().contentEquals("<init>"));
        if (!hasConstructor) {
          report(type, "type " + type.getSimpleName() + " has only javadoc's default constructor, which has no "
              + "comment (declare it, documented, or make it private)");
        }
      }
      Set<String> fields = new java.util.HashSet<>();
      for (Tree member : type.getMembers()) {
        if (member instanceof VariableTree v && docs.getDocCommentTree(TreePath.getPath(unit, v)) != null) {
          fields.add(v.getName().toString());
        }
      }
      types.push(type);
      documentedFields.push(fields);
      try {
        return super.visitClass(type, unused);
      } finally {
        types.pop();
        documentedFields.pop();
      }
    }

    @Override
    public Void visitMethod(MethodTree method, Void unused) {
      if (visible(method.getModifiers()) && !overrides(method) && !documentedAccessor(method)) {
        String name = method.getName().contentEquals("<init>") ? "constructor " + types.peek().getSimpleName()
            : "method " + method.getName();
        if (!(types.peek().getKind() == Tree.Kind.RECORD && isCompactOrGenerated(method))) {
          require(method, name + "(" + method.getParameters().size() + " parameter(s))");
        }
      }
      return null; // no API inside a method body
    }

    @Override
    public Void visitVariable(VariableTree field, Void unused) {
      if (types.isEmpty()) {
        return null;
      }
      boolean enumConstant = types.peek().getKind() == Tree.Kind.ENUM
          && field.getModifiers().getFlags().isEmpty() && field.getType() == null;
      Set<Modifier> flags = field.getModifiers().getFlags();
      boolean serialized = serializable(types.peek()) && !flags.contains(Modifier.STATIC)
          && !flags.contains(Modifier.TRANSIENT);
      if (serialized && !visible(field.getModifiers())) {
        require(field, "serialized field " + field.getName() + " (javadoc's Serialized Form lists it)");
      } else if (enumConstant || visible(field.getModifiers())) {
        require(field, (enumConstant ? "enum constant " : "field ") + field.getName());
      }
      return null;
    }

    /** A class javadoc treats as serializable, as far as its declaration shows: a throwable, or Serializable. */
    private static boolean serializable(ClassTree type) {
      if (type.getKind() != Tree.Kind.CLASS) {
        return false;
      }
      Tree parent = type.getExtendsClause();
      String name = parent == null ? "" : parent.toString();
      return name.endsWith("Exception") || name.endsWith("Error") || name.endsWith("Throwable")
          || type.getImplementsClause().stream().anyMatch(t -> t.toString().endsWith("Serializable"));
    }

    /** Public or protected, or a member of an interface or annotation (implicitly public unless private). */
    private boolean visible(ModifiersTree modifiers) {
      Set<Modifier> flags = modifiers.getFlags();
      if (flags.contains(Modifier.PRIVATE)) {
        return false;
      }
      if (flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)) {
        return true;
      }
      ClassTree owner = types.peek();
      return owner != null && (owner.getKind() == Tree.Kind.INTERFACE
          || owner.getKind() == Tree.Kind.ANNOTATION_TYPE);
    }

    /** A getter or setter of a field whose doc comment says what the property is. */
    private boolean documentedAccessor(MethodTree method) {
      java.util.regex.Matcher m = ACCESSOR.matcher(method.getName());
      if (!m.matches()) {
        return false;
      }
      String property = Character.toLowerCase(m.group(2).charAt(0)) + m.group(2).substring(1);
      return documentedFields.peek().contains(property);
    }

    private static boolean overrides(MethodTree method) {
      return method.getModifiers().getAnnotations().stream()
          .anyMatch(a -> a.getAnnotationType().toString().equals("Override")
              || a.getAnnotationType().toString().equals("java.lang.Override"));
    }

    /** A record's compact canonical constructor: documented by the record's own comment and its @param tags. */
    private static boolean isCompactOrGenerated(MethodTree method) {
      return method.getName().contentEquals("<init>") && method.getParameters().isEmpty();
    }

    private void require(Tree tree, String what) {
      TreePath path = TreePath.getPath(unit, tree);
      if (docs.getDocCommentTree(path) == null) {
        report(tree, what);
      }
    }

    private void report(Tree tree, String what) {
      long line = unit.getLineMap().getLineNumber(docs.getSourcePositions().getStartPosition(unit, tree));
      violations.add(module.toAbsolutePath().normalize().relativize(Path.of(unit.getSourceFile().toUri())) + ":" + line + ": " + what);
    }
  }
}
