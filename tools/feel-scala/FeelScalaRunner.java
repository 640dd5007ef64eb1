import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;

/**
 * Evaluates every case of cases.jsonl ({"expression", "context"}) with feel-scala, the FEEL
 * engine of Camunda 8, and writes one line per case ({"expression", "context", "value"} or
 * {..., "failure"}) for the table-driven FEEL test. JSON is read and written by feel-scala's
 * own `from json` / `to json`, so this file needs nothing beyond feel-engine.
 */
public class FeelScalaRunner {
  public static void main(String[] args) throws Exception {
    FeelEngineApi engine = FeelEngineBuilder.forJava().build();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      EvaluationResult parsed = engine.evaluateExpression("from json(line)", Map.of("line", line));
      if (!parsed.isSuccess()) throw new IllegalStateException(parsed.failure().message());
      @SuppressWarnings("unchecked")
      Map<String, Object> testCase = (Map<String, Object>) parsed.result();
      String expression = (String) testCase.get("expression");
      Object context = testCase.get("context");
      @SuppressWarnings("unchecked")
      Map<String, Object> variables = context instanceof Map ? (Map<String, Object>) context : Map.of();
      EvaluationResult result = engine.evaluateExpression("string(" + expression + ")", variables);
      EvaluationResult typed = engine.evaluateExpression(expression, variables);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("expression", expression);
      row.put("context", variables);
      if (!typed.isSuccess()) {
        row.put("failure", typed.failure().message());
      } else {
        Object value = typed.result();
        boolean temporal = value instanceof java.time.temporal.TemporalAccessor || value instanceof java.time.temporal.TemporalAmount;
        row.put("value", temporal ? result.result() : value);
      }
      EvaluationResult json = engine.evaluateExpression("to json(row)", Map.of("row", row));
      out.add((String) json.result());
    }
    Files.write(Path.of(args[1]), out, StandardCharsets.UTF_8);
  }
}
