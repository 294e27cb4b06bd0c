import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates FHIR R4 JSON resources with HAPI FHIR's instance validator, offline: the R4 definitions
 * come from the jars (hapi-fhir-validation-resources-r4), there is no terminology server and nothing
 * is fetched. One JVM for a whole batch, because starting the validator (loading every R4
 * StructureDefinition and ValueSet) is most of the cost.
 *
 * <p>Usage: {@code java -cp '<jars>/*' Validate.java [--context <file|dir>]... <file|dir>...}
 *
 * <p>Every {@code *.json} file named (or found directly in a folder named) is validated. Resources given
 * with {@code --context} (our CodeSystems, ValueSets, profiles) are made known to the validator and not
 * reported. Prints JSON to stdout, one entry per file validated, in the order given:
 * {@code [{file, resourceType, id, issues: [{severity, location, message, messageId}]}]}. Exits 0
 * whatever the resources hold (the caller judges); non-zero only when the validator could not run.
 */
public class Validate {
  public static void main(String[] args) throws IOException {
    // stdout is for the JSON alone: anything a library prints goes to stderr.
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    System.setOut(System.err);

    List<Path> context = new ArrayList<>();
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--context")) {
        if (++i == args.length) usage("--context needs a file or folder");
        context.addAll(jsonFiles(Path.of(args[i])));
      } else {
        inputs.addAll(jsonFiles(Path.of(args[i])));
      }
    }
    if (inputs.isEmpty()) usage("no .json file to validate");

    FhirContext fhir = FhirContext.forR4Cached();
    IParser parser = fhir.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));

    PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(fhir);
    for (Path file : context) ours.addResource(parser.parseResource(Files.readString(file)));

    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(fhir),
            ours,
            new CommonCodeSystemsTerminologyService(fhir),
            new InMemoryTerminologyServerValidationSupport(fhir),
            new SnapshotGeneratingValidationSupport(fhir));
    FhirValidator validator = fhir.newValidator();
    validator.registerValidatorModule(new FhirInstanceValidator(chain));

    StringBuilder json = new StringBuilder("[");
    for (int n = 0; n < inputs.size(); n++) {
      Path file = inputs.get(n);
      String text = Files.readString(file);
      String resourceType = null;
      String id = null;
      List<String> issues = new ArrayList<>();
      try {
        IBaseResource resource = parser.parseResource(text);
        resourceType = fhir.getResourceType(resource);
        id = resource.getIdElement().getIdPart();
      } catch (RuntimeException e) {
        // Not readable as a resource at all: the validator below says why, as issues.
      }
      try {
        ValidationResult result = validator.validateWithResult(text);
        List<SingleValidationMessage> messages = result.getMessages();
        for (SingleValidationMessage m : messages) {
          String severity = m.getSeverity().getCode();
          String message = m.getMessage();
          String judged = bindingJudgement(m, messages);
          if (judged != null) {
            message += " [reported as " + severity + " by CommonCodeSystemsTerminologyService whatever the binding"
                + " strength (hapi-fhir issue 7959); the validator's own verdict for this binding is " + judged + "]";
            severity = judged;
          }
          issues.add(issue(severity, m.getLocationString(), message, m.getMessageId()));
        }
      } catch (RuntimeException e) {
        issues.add(issue("fatal", null, "validator failed: " + e, null));
      }
      json.append(n == 0 ? "\n" : ",\n")
          .append("{\"file\":").append(str(file.toString()))
          .append(",\"resourceType\":").append(str(resourceType))
          .append(",\"id\":").append(str(id))
          .append(",\"issues\":[").append(String.join(",", issues)).append("]}");
    }
    out.println(json.append("\n]"));
    out.flush();
  }

  private static final Pattern NOT_IN_VALUE_SET = Pattern.compile("^Code \".*\" is not in valueset: (\\S+)$");

  /**
   * HAPI's CommonCodeSystemsTerminologyService (languages, currencies, units, ...) answers "not in the
   * value set" as an error whatever the binding strength (hapi-fhir issue 7959, open in 8.8.0), and that
   * answer is passed through as an issue of its own: a valid BCP-47 code such as "ur" outside R4's
   * Common Languages (a preferred binding) is then an error. The validator itself also judges the same
   * code at the same place with the binding strength in mind (Terminology_TX_NoValid_*: information for
   * preferred, warning for extensible, error for required). When that verdict is milder, it is the one
   * that counts: the severity it gives the pass-through error, or null when it does not apply.
   */
  private static String bindingJudgement(SingleValidationMessage m, List<SingleValidationMessage> all) {
    if (m.getSeverity() != ResultSeverityEnum.ERROR || !"Terminology_PassThrough_TX_Message".equals(m.getMessageId())) {
      return null;
    }
    Matcher notIn = NOT_IN_VALUE_SET.matcher(m.getMessage());
    if (!notIn.matches()) return null;
    String valueSet = notIn.group(1);
    for (SingleValidationMessage other : all) {
      if (other.getMessageId() != null
          && other.getMessageId().startsWith("Terminology_TX_NoValid")
          && Objects.equals(other.getLocationString(), m.getLocationString())
          && other.getMessage().contains("(" + valueSet + "|")
          && other.getSeverity().ordinal() < ResultSeverityEnum.ERROR.ordinal()) {
        return other.getSeverity().getCode();
      }
    }
    return null;
  }

  private static String issue(String severity, String location, String message, String messageId) {
    return "{\"severity\":" + str(severity) + ",\"location\":" + str(location) + ",\"message\":" + str(message)
        + ",\"messageId\":" + str(messageId) + "}";
  }

  /** The files to read: a file as it is, a folder's own *.json files in name order. */
  private static List<Path> jsonFiles(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      if (!Files.isRegularFile(path)) usage("no such file: " + path);
      return List.of(path);
    }
    try (Stream<Path> files = Files.list(path)) {
      return files.filter(f -> f.toString().endsWith(".json") && Files.isRegularFile(f)).sorted().toList();
    }
  }

  private static void usage(String problem) {
    System.err.println("Validate: " + problem);
    System.err.println("usage: Validate [--context <file|dir>]... <file|dir>...");
    System.exit(2);
  }

  /** A JSON string (or null), escaped as RFC 8259 asks. */
  private static String str(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
