/**
 * Safe parsing of an uploaded BPMN document. Everything that can be refused without
 * a parser is refused first: oversized documents, DTDs and entity declarations (the
 * door to XXE and "billion laughs"), and text that is not XML at all. bpmn-moddle's
 * SAX parser never fetches external references; it is only reached after these checks.
 */
import { BpmnModdle, type ModdleImportWarning } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { isModdleNode, type ModdleNode } from './moddle-node.js';
import type { ProblemReport } from './problems.js';
import { xmlLimitViolation } from './xml-limits.js';

/** Uploads above this are refused unread (CONTRACT §2: size-limited uploads). */
export const MAX_BPMN_BYTES = 5 * 1024 * 1024;

const DTD_OR_ENTITY = /<!\s*(DOCTYPE|ENTITY)/i;

/**
 * Parse `xml` into the moddle `bpmn:Definitions` tree. Returns null (with the reason
 * in `report`) when the document cannot be read at all; import warnings (unknown
 * elements, unresolved references) are reported and parsing carries on.
 */
export async function parseBpmnXml(xml: string, report: ProblemReport): Promise<ModdleNode | null> {
  if (typeof xml !== 'string' || xml.trim() === '') {
    report.error(null, 'The document is empty: expected BPMN 2.0 XML.');
    return null;
  }
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_BPMN_BYTES) {
    report.error(null, `The document is ${bytes} bytes; the limit is ${MAX_BPMN_BYTES} bytes (5 MB).`);
    return null;
  }
  if (DTD_OR_ENTITY.test(xml)) {
    report.error(null, 'DOCTYPE and ENTITY declarations are not allowed in BPMN uploads.');
    return null;
  }
  const body = xml.replace(/^\uFEFF/, '').trimStart();
  if (!body.startsWith('<')) {
    report.error(null, 'The document is not XML: expected BPMN 2.0 XML starting with "<".');
    return null;
  }
  const violation = xmlLimitViolation(body);
  if (violation) {
    report.error(null, violation);
    return null;
  }

  const moddle = new BpmnModdle({ zeebe });
  let imported;
  try {
    imported = await moddle.fromXML(body, 'bpmn:Definitions');
  } catch (failure) {
    report.error(null, `The document is not BPMN 2.0 XML: ${firstLine(failure)}`);
    return null;
  }
  if (!isModdleNode(imported.rootElement) || imported.rootElement.$type !== 'bpmn:Definitions') {
    report.error(null, 'The document is not BPMN 2.0 XML: the root element must be bpmn:definitions.');
    return null;
  }
  for (const warning of imported.warnings) reportImportWarning(warning, body, report);
  return imported.rootElement;
}

/** References the engine follows at run time; a broken one of these is an error. */
const EXECUTION_REFERENCES: ReadonlySet<string> = new Set([
  'bpmn:sourceRef',
  'bpmn:targetRef',
  'bpmn:attachedToRef',
  'bpmn:default',
  'bpmn:messageRef',
  'bpmn:errorRef',
  'bpmn:flowNodeRef',
  'bpmn:processRef',
]);

/**
 * bpmn-moddle keeps going past unknown elements and broken references and lists them
 * as warnings. Unknown elements are errors for us (CONTRACT §3: never ignored), and
 * so are broken references the engine follows; other broken references (diagram
 * shapes, interface operations) do not change execution, so they are warnings.
 */
function reportImportWarning(warning: ModdleImportWarning, xml: string, report: ProblemReport): void {
  const elementId = typeof warning.element?.id === 'string' ? warning.element.id : null;
  const property = warning.property ?? '';
  if (warning.message.startsWith('unresolved reference')) {
    const message = `${property || 'A reference'} refers to "${String(warning.value)}", which is not in the document.`;
    if (EXECUTION_REFERENCES.has(property)) report.error(elementId, message);
    else report.warning(elementId, `Ignored, it does not affect execution: ${message}`);
    return;
  }
  if (warning.message.startsWith('unsupported document encoding')) {
    // The upload arrives as an already decoded string; the declared encoding is moot.
    return;
  }
  if (/nested error: unexpected body text/.test(warning.message)) {
    // Stray text where an element takes none (e.g. inside extensionElements): Camunda's
    // parser skips it, and so it changes nothing here either.
    const body = /unparsable content\s+(.*?)\s+detected/s.exec(warning.message)?.[1]?.trim() ?? '';
    report.warning(elementId ?? idBeforeLine(warning.message, xml), `Ignored text "${body.slice(0, 40)}" where the element takes no text.`);
    return;
  }
  const unknown = /unparsable content <([^>]+)>/.exec(warning.message);
  if (unknown) {
    const nested = /nested error: (.*)$/m.exec(warning.message)?.[1] ?? 'not understood';
    report.error(elementId ?? idAtPosition(warning.message, xml) ?? idBeforeLine(warning.message, xml), `Element <${unknown[1]}> cannot be read: ${nested}.`);
    return;
  }
  report.error(elementId, firstLine(warning.message));
}

/**
 * Unknown elements have no moddle element to take an id from; the warning carries the
 * line and column where the tag starts, so read the tag's own `id` attribute there.
 */
function idAtPosition(message: string, xml: string): string | null {
  const line = /line: (\d+)/.exec(message);
  const column = /column: (\d+)/.exec(message);
  if (!line || !column) return null;
  const lines = xml.split('\n');
  const lineText = lines[Number(line[1])];
  if (lineText === undefined) return null;
  const tag = /^<[^>]*>?/.exec(lineText.slice(Number(column[1])));
  const id = tag ? /\sid\s*=\s*["']([^"']*)["']/.exec(tag[0]) : null;
  return id?.[1] ?? null;
}

/** The id of the nearest element that opens at or before the warning's line. */
function idBeforeLine(message: string, xml: string): string | null {
  const line = /line: (\d+)/.exec(message);
  if (!line) return null;
  const lines = xml.split('\n').slice(0, Number(line[1]) + 1).reverse();
  for (const text of lines) {
    const id = /<[\w:-]+\s[^>]*\bid\s*=\s*["']([^"']*)["']/.exec(text);
    if (id) return id[1] ?? null;
  }
  return null;
}

function firstLine(failure: unknown): string {
  const message = failure instanceof Error ? failure.message : String(failure);
  return message.split('\n')[0] ?? message;
}
