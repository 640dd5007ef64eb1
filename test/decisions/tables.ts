/** Builds small DMN 1.3 documents for the table-driven decision tests. */
export interface TableSpec {
  hitPolicy?: string;
  aggregation?: string;
  inputs: string[];
  outputs: Array<{ name: string; values?: string; default?: string }>;
  rules: Array<{ in: string[]; out: string[] }>;
}

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function tableDmn(spec: TableSpec): string {
  const hit = spec.hitPolicy ? ` hitPolicy="${spec.hitPolicy}"` : '';
  const aggregation = spec.aggregation ? ` aggregation="${spec.aggregation}"` : '';
  const inputs = spec.inputs
    .map((expression, i) => `<input id="in${i}"><inputExpression id="inExpr${i}"><text>${escape(expression)}</text></inputExpression></input>`)
    .join('');
  const outputs = spec.outputs
    .map(
      (output, i) =>
        `<output id="out${i}" name="${output.name}">` +
        (output.values ? `<outputValues id="outValues${i}"><text>${escape(output.values)}</text></outputValues>` : '') +
        (output.default ? `<defaultOutputEntry id="outDefault${i}"><text>${escape(output.default)}</text></defaultOutputEntry>` : '') +
        `</output>`,
    )
    .join('');
  const rules = spec.rules
    .map(
      (rule, r) =>
        `<rule id="rule${r + 1}">` +
        rule.in.map((entry, i) => `<inputEntry id="r${r}i${i}"><text>${escape(entry)}</text></inputEntry>`).join('') +
        rule.out.map((entry, i) => `<outputEntry id="r${r}o${i}"><text>${escape(entry)}</text></outputEntry>`).join('') +
        `</rule>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="graph" name="Graph" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="decision" name="Decision"><decisionTable id="table"${hit}${aggregation}>${inputs}${outputs}${rules}</decisionTable></decision>
</definitions>`;
}
