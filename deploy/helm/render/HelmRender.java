import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lints a Helm chart and renders it with several value sets, offline, with Helm itself (helm-java: Helm
 * 3 as a native library), in one JVM: loading the library is most of the cost.
 *
 * <p>Usage: {@code java -cp '<jars>/*:<classes>' HelmRender <chart> <out> <set>...}, each set {@code
 * name} (the chart's own values) or {@code name=values.yaml[,more.yaml]} (value files applied in
 * order, as {@code helm template -f a -f b}). Runs {@code helm lint --strict} on the chart, then {@code
 * helm template} (release {@code referral}, namespace {@code specialist-referral}, hooks included) per
 * set into {@code <out>/<name>.yaml}. Prints JSON to stdout: {@code {"lint": {"failed", "messages"},
 * "renders": [{"name", "file", "error"}]}} (file or error null). Exits 0 whatever Helm says (the caller
 * judges); non-zero only when it could not run.
 *
 * <p>Hooks: helm-java's template answers the release's manifest only (Helm's own CLI appends the hooks,
 * {@code rel.Hooks}, itself). So each set is also rendered from a copy of the chart whose {@code
 * helm.sh/hook*} annotations are renamed (then Helm keeps those objects in the manifest), and the
 * objects that carried them are appended to the output with their annotations named back: the output
 * is what {@code helm template} prints, hooks included.
 */
public class HelmRender {
  static final String RELEASE = "referral";
  static final String NAMESPACE = "specialist-referral";
  /** The Kubernetes version `.Capabilities.KubeVersion` reports (Helm's own default is older). */
  static final String KUBE_VERSION = "1.33.0";
  static final String HOOK = "helm.sh/hook";
  static final String RENAMED_HOOK = "hook.helm-render.invalid/hook";

  public static void main(String[] args) throws Exception {
    // stdout is for the JSON alone.
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    if (args.length < 3) {
      System.err.println("usage: HelmRender <chart> <out> <name[=values.yaml[,more.yaml]]>...");
      System.exit(2);
    }
    Path chart = Path.of(args[0]).toAbsolutePath();
    Path outDir = Path.of(args[1]).toAbsolutePath();
    Files.createDirectories(outDir);
    Helm helm = new Helm(chart);
    Path hooksChart = copyWithHooksRenamed(chart);
    Helm withHooks = new Helm(hooksChart);

    StringBuilder json = new StringBuilder("{\"lint\":");
    LintResult lint = helm.lint().strict().call();
    json.append("{\"failed\":").append(lint.isFailed()).append(",\"messages\":[");
    List<String> messages = lint.getMessages();
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) json.append(',');
      json.append(quote(messages.get(i)));
    }
    json.append("]},\"renders\":[");

    for (int i = 2; i < args.length; i++) {
      String set = args[i];
      int eq = set.indexOf('=');
      String name = eq < 0 ? set : set.substring(0, eq);
      List<Path> valueFiles = new ArrayList<>();
      if (eq >= 0) {
        for (String file : set.substring(eq + 1).split(",")) {
          if (!file.isBlank()) valueFiles.add(Path.of(file).toAbsolutePath());
        }
      }
      String file = null;
      String error = null;
      try {
        String manifest = template(helm, valueFiles).strip();
        String hooks =
            split(template(withHooks, valueFiles)).stream()
                .filter(doc -> doc.contains(RENAMED_HOOK))
                .map(doc -> "---\n" + doc.replace(RENAMED_HOOK, HOOK).strip())
                .collect(Collectors.joining("\n"));
        Path target = outDir.resolve(name + ".yaml");
        Files.writeString(target, manifest + "\n" + hooks + "\n", StandardCharsets.UTF_8);
        file = target.toString();
      } catch (RuntimeException e) {
        error = e.getMessage() == null ? e.toString() : e.getMessage();
      }
      if (i > 2) json.append(',');
      json.append("{\"name\":").append(quote(name));
      json.append(",\"file\":").append(file == null ? "null" : quote(file));
      json.append(",\"error\":").append(error == null ? "null" : quote(error)).append('}');
    }
    json.append("]}");
    out.println(json);
    out.flush();
    try (Stream<Path> files = Files.walk(hooksChart)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  static String template(Helm helm, List<Path> valueFiles) {
    TemplateCommand template =
        helm.template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    for (Path file : valueFiles) template = template.withValuesFile(file);
    return template.call();
  }

  /** The YAML documents of a manifest (Helm separates them with `---` lines). */
  static List<String> split(String manifest) {
    return Arrays.stream(manifest.split("(?m)^---[ \\t]*$"))
        .filter(doc -> !doc.isBlank())
        .collect(Collectors.toList());
  }

  /** A copy of the chart (under java.io.tmpdir) with every `helm.sh/hook` renamed in its templates. */
  static Path copyWithHooksRenamed(Path chart) throws Exception {
    Path copy = Files.createTempDirectory("chart-with-hooks-").resolve(chart.getFileName());
    try (Stream<Path> files = Files.walk(chart)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = copy.resolve(chart.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (chart.relativize(source).startsWith("templates")) {
          Files.writeString(target, Files.readString(source).replace(HOOK, RENAMED_HOOK));
        } else {
          Files.copy(source, target);
        }
      }
    }
    return copy;
  }

  static String quote(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) s.append(String.format("\\u%04x", (int) c));
          else s.append(c);
        }
      }
    }
    return s.append('"').toString();
  }
}
