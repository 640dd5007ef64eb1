/**
 * Reads a `.dmn` file (DMN 1.3, as Camunda Modeler writes it for Camunda 8) into a
 * DecisionGraph. Everything the engine would not run as written is an error with the
 * id of the element at fault, all of them at once: decision tables and literal
 * expressions run; business knowledge models, contexts, relations, invocations and
 * imports are refused rather than ignored.
 */
import { DmnModdle } from 'dmn-moddle';
import { parseUnaryTests } from 'feelin';
import { feelSyntaxError } from '../compiler/expressions.js';
import { child, children, extension, idOf, isModdleNode, localType, text, trimmedText, type ModdleNode } from '../compiler/moddle-node.js';
import { ProblemReport, type Problem } from '../compiler/problems.js';
import type { Aggregation, Decision, DecisionGraph, DecisionOutput, DecisionTable, HitPolicy, LiteralExpression } from './model.js';

/** Same bound as a BPMN upload (compiler/parse-xml.ts). */
export const MAX_DMN_BYTES = 5 * 1024 * 1024;

const DTD_OR_ENTITY = /<!\s*(DOCTYPE|ENTITY)/i;
const HIT_POLICIES: ReadonlySet<string> = new Set(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);
const AGGREGATIONS: ReadonlySet<string> = new Set(['SUM', 'MIN', 'MAX', 'COUNT']);
const FEEL_LANGUAGES = /^(|feel|https:\/\/www\.omg\.org\/spec\/DMN\/20191111\/FEEL\/|http:\/\/www\.omg\.org\/spec\/FEEL\/20140401)$/i;

export type ReadDmnResult = { ok: true; graph: DecisionGraph; warnings: Problem[] } | { ok: false; errors: Problem[]; warnings: Problem[] };

export async function readDmn(xml: string): Promise<ReadDmnResult> {
  const report = new ProblemReport();
  const definitions = await parseDmnXml(xml, report);
  const graph = definitions ? readGraph(definitions, report) : null;
  if (!graph || report.hasErrors) return { ok: false, errors: report.errors, warnings: report.warnings };
  return { ok: true, graph, warnings: report.warnings };
}

async function parseDmnXml(xml: string, report: ProblemReport): Promise<ModdleNode | null> {
  if (xml.trim() === '') {
    report.error(null, 'The document is empty: expected DMN 1.3 XML.');
    return null;
  }
  if (Buffer.byteLength(xml, 'utf8') > MAX_DMN_BYTES) {
    report.error(null, `The document is larger than ${MAX_DMN_BYTES} bytes (5 MB).`);
    return null;
  }
  if (DTD_OR_ENTITY.test(xml)) {
    report.error(null, 'DOCTYPE and ENTITY declarations are not allowed in DMN uploads.');
    return null;
  }
  let imported;
  try {
    imported = await new DmnModdle().fromXML(xml.replace(/^\uFEFF/, '').trimStart(), 'dmn:Definitions');
  } catch (failure) {
    const reason = failure instanceof Error ? failure.message.split('\n')[0] : String(failure);
    report.error(null, `The document is not DMN 1.3 XML (namespace https://www.omg.org/spec/DMN/20191111/MODEL/): ${reason}`);
    return null;
  }
  const root = imported.rootElement;
  if (!isModdleNode(root) || root.$type !== 'dmn:Definitions') {
    report.error(null, 'The document is not DMN 1.3 XML: the root element must be dmn:definitions.');
    return null;
  }
  for (const warning of imported.warnings) {
    const elementId = typeof warning.element?.id === 'string' ? warning.element.id : null;
    report.error(elementId, `The DMN cannot be read as written: ${warning.message.split('\n')[0]}`);
  }
  return root;
}

function readGraph(definitions: ModdleNode, report: ProblemReport): DecisionGraph | null {
  const graphId = idOf(definitions);
  if (!graphId) report.error(null, 'The DMN definitions have no id.');
  for (const imported of children(definitions, 'import')) {
    report.error(idOf(imported), 'DMN imports are not supported; put the decisions in one file.');
  }
  const decisions: Decision[] = [];
  for (const element of children(definitions, 'drgElement')) {
    if (element.$type === 'dmn:Decision') {
      const decision = readDecision(element, report);
      if (decision) decisions.push(decision);
    } else if (element.$type === 'dmn:BusinessKnowledgeModel') {
      report.error(idOf(element), 'Business knowledge models are not supported; write the logic as a decision table or literal expression.');
    }
    // Input data, knowledge sources and text annotations describe the graph; nothing runs.
  }
  if (decisions.length === 0) report.error(graphId, 'The DMN has no decision.');
  checkRequirements(decisions, report);
  return graphId ? { id: graphId, name: text(definitions, 'name'), decisions } : null;
}

function readDecision(node: ModdleNode, report: ProblemReport): Decision | null {
  const id = idOf(node);
  if (!id) {
    report.error(null, `The decision "${text(node, 'name') ?? ''}" has no id.`);
    return null;
  }
  for (const requirement of children(node, 'knowledgeRequirement')) {
    report.error(idOf(requirement) ?? id, 'Knowledge requirements (business knowledge models) are not supported.');
  }
  const requiredDecisions = children(node, 'informationRequirement')
    .map((requirement) => child(requirement, 'requiredDecision'))
    .filter((reference): reference is ModdleNode => reference !== null)
    .map((reference) => (text(reference, 'href') ?? '').replace(/^.*#/, ''));
  const logicNode = child(node, 'decisionLogic');
  let logic: DecisionTable | LiteralExpression | null = null;
  if (!logicNode) report.error(id, 'The decision has no logic: add a decision table or a literal expression.');
  else if (logicNode.$type === 'dmn:DecisionTable') logic = readDecisionTable(logicNode, id, report);
  else if (logicNode.$type === 'dmn:LiteralExpression') logic = readLiteralExpression(logicNode, id, report);
  else report.error(idOf(logicNode) ?? id, `Decision logic of type ${localType(logicNode)} is not supported; use a decision table or a literal expression.`);
  const variable = child(node, 'variable');
  const versionTag = extensionValue(node, 'zeebe:versionTag');
  if (!logic) return null;
  return { id, name: text(node, 'name'), resultName: (variable && trimmedText(variable, 'name')) ?? id, versionTag, requiredDecisions, logic };
}

/** `<zeebe:versionTag value="…"/>`: dmn-moddle keeps unknown extensions as generic elements. */
function extensionValue(node: ModdleNode, type: string): string | null {
  const found = extension(node, type);
  return found ? trimmedText(found, 'value') : null;
}

function readLiteralExpression(node: ModdleNode, decisionId: string, report: ProblemReport): LiteralExpression | null {
  const elementId = idOf(node) ?? decisionId;
  checkLanguage(node, elementId, report);
  const expression = feelExpression(node, elementId, 'literal expression', report);
  return expression === null ? null : { kind: 'literalExpression', id: elementId, expression };
}

function readDecisionTable(node: ModdleNode, decisionId: string, report: ProblemReport): DecisionTable | null {
  const tableId = idOf(node) ?? decisionId;
  const hitPolicy = (text(node, 'hitPolicy') ?? 'UNIQUE').trim();
  const aggregation = trimmedText(node, 'aggregation');
  if (!HIT_POLICIES.has(hitPolicy)) report.error(tableId, `Hit policy "${hitPolicy}" is not a DMN 1.3 hit policy.`);
  if (aggregation && (!AGGREGATIONS.has(aggregation) || hitPolicy !== 'COLLECT')) {
    report.error(tableId, `Aggregation "${aggregation}" needs hit policy COLLECT and one of SUM, MIN, MAX, COUNT.`);
  }
  const inputs = children(node, 'input').map((input, index) => {
    const inputId = idOf(input) ?? `${tableId} input ${index + 1}`;
    const expressionNode = child(input, 'inputExpression');
    // inputValues only guide the modeler: Camunda 8 (dmn-scala) does not check them either.
    const expression = expressionNode ? feelExpression(expressionNode, inputId, 'input expression', report) : null;
    if (!expressionNode) report.error(inputId, 'The input has no expression.');
    return { id: inputId, label: text(input, 'label'), expression: expression ?? 'null' };
  });
  const outputs: DecisionOutput[] = children(node, 'output').map((output, index) => {
    const outputId = idOf(output) ?? `${tableId} output ${index + 1}`;
    const valuesNode = child(output, 'outputValues');
    const defaultNode = child(output, 'defaultOutputEntry');
    return {
      id: outputId,
      name: trimmedText(output, 'name'),
      label: text(output, 'label'),
      values: valuesNode ? splitOutputValues(text(valuesNode, 'text') ?? '') : [],
      defaultValue: defaultNode ? feelExpression(defaultNode, outputId, 'default output', report) : null,
    };
  });
  if (outputs.length === 0) report.error(tableId, 'The decision table has no output.');
  if (outputs.length > 1) {
    for (const output of outputs) if (!output.name) report.error(output.id, 'An output of a table with several outputs needs a name: it is the key in the result.');
    if (aggregation) report.error(tableId, 'COLLECT with an aggregation needs exactly one output.');
  }
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && outputs.every((output) => output.values.length === 0)) {
    report.error(tableId, `Hit policy ${hitPolicy} sorts by output values: give at least one output its output values.`);
  }
  const rules = children(node, 'rule').map((rule, index) => {
    const ruleId = idOf(rule) ?? `${tableId} rule ${index + 1}`;
    const inputEntries = children(rule, 'inputEntry').map((entry) => unaryTests(entry, ruleId, report));
    const outputEntries = children(rule, 'outputEntry').map((entry) => text(entry, 'text')?.trim() ?? '');
    if (inputEntries.length !== inputs.length) report.error(ruleId, `The rule has ${inputEntries.length} input entries for ${inputs.length} inputs.`);
    if (outputEntries.length !== outputs.length) report.error(ruleId, `The rule has ${outputEntries.length} output entries for ${outputs.length} outputs.`);
    outputEntries.forEach((entry, position) => {
      const error = entry === '' ? null : feelSyntaxError(entry);
      if (error) report.error(ruleId, `Output entry ${position + 1} "${entry}": ${error}.`);
    });
    return { id: ruleId, inputEntries, outputEntries };
  });
  return { kind: 'decisionTable', id: tableId, hitPolicy: hitPolicy as HitPolicy, aggregation: aggregation as Aggregation | null, inputs, outputs, rules };
}

/** The FEEL text of a literal expression, checked for syntax; null when missing or broken. */
function feelExpression(node: ModdleNode, elementId: string, what: string, report: ProblemReport): string | null {
  checkLanguage(node, elementId, report);
  const source = text(node, 'text')?.trim() ?? '';
  if (source === '') {
    report.error(elementId, `The ${what} is empty.`);
    return null;
  }
  const error = feelSyntaxError(source);
  if (error) {
    report.error(elementId, `The ${what} "${source}": ${error}.`);
    return null;
  }
  return source;
}

function unaryTests(node: ModdleNode, ruleId: string, report: ProblemReport): string {
  const source = text(node, 'text')?.trim() ?? '';
  if (source === '' || source === '-') return '-';
  checkLanguage(node, ruleId, report);
  let errorAt: number | null = null;
  parseUnaryTests(source, {}, undefined).iterate({
    enter(syntax) {
      if (errorAt === null && syntax.type.isError) errorAt = syntax.from;
      return errorAt === null;
    },
  });
  if (errorAt !== null) report.error(ruleId, `Input entry "${source}": FEEL syntax error at position ${Number(errorAt) + 1}.`);
  return source;
}

function checkLanguage(node: ModdleNode, elementId: string, report: ProblemReport): void {
  const language = text(node, 'expressionLanguage');
  if (language !== null && !FEEL_LANGUAGES.test(language.trim())) {
    report.error(elementId, `Expression language "${language}" is not supported; Camunda 8 decisions are FEEL.`);
  }
}

/** `"gold","silver", "bronze"` or `1, 2`: the values in priority order, quotes removed (as dmn-scala reads them). */
function splitOutputValues(source: string): string[] {
  return source
    .split(',')
    .map((value) => value.trim().replace(/^"(.*)"$/, '$1'))
    .filter((value) => value !== '');
}

function checkRequirements(decisions: Decision[], report: ProblemReport): void {
  const byId = new Map(decisions.map((decision) => [decision.id, decision]));
  for (const decision of decisions) {
    for (const required of decision.requiredDecisions) {
      if (!byId.has(required)) report.error(decision.id, `The decision requires "${required}", which is not a decision of this file.`);
    }
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (decision: Decision): boolean => {
    if (done.has(decision.id)) return false;
    if (visiting.has(decision.id)) return true;
    visiting.add(decision.id);
    const cyclic = decision.requiredDecisions.some((id) => {
      const required = byId.get(id);
      return required ? visit(required) : false;
    });
    visiting.delete(decision.id);
    done.add(decision.id);
    return cyclic;
  };
  for (const decision of decisions) {
    if (visit(decision)) report.error(decision.id, 'The decision requires itself through a cycle of required decisions.');
  }
}
