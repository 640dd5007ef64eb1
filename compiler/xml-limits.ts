/**
 * What an uploaded document may not do to the parser, found by one linear scan before
 * any parser sees it: nest elements deeper than any diagram does (a stack bomb), carry an
 * attribute value of megabytes, or pile up attributes on one element. DTDs and entities
 * (billion laughs, external entities) are refused before this, in parse-xml.ts.
 */

/** Deepest element nesting allowed; a real BPMN document stays below 30 even with nested sub-processes. */
export const MAX_XML_DEPTH = 100;
/** Longest attribute value allowed, in characters (FEEL expressions and names are far shorter). */
export const MAX_ATTRIBUTE_CHARS = 64 * 1024;
/** Most attributes one element may carry. */
export const MAX_ATTRIBUTES = 256;

/** The reason the document is refused, or null when it stays within the limits. */
export function xmlLimitViolation(xml: string): string | null {
  let depth = 0;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const open = xml.indexOf('<', i);
    if (open < 0) break;
    if (xml.startsWith('<!--', open)) {
      i = skipPast(xml, open + 4, '-->');
    } else if (xml.startsWith('<![CDATA[', open)) {
      i = skipPast(xml, open + 9, ']]>');
    } else if (xml[open + 1] === '?' || xml[open + 1] === '!') {
      i = skipPast(xml, open + 2, '>');
    } else if (xml[open + 1] === '/') {
      depth--;
      i = skipPast(xml, open + 2, '>');
    } else {
      const tag = scanStartTag(xml, open + 1);
      if (tag.violation) return tag.violation;
      i = tag.end;
      if (!tag.selfClosing && ++depth > MAX_XML_DEPTH) {
        return `Elements are nested more than ${MAX_XML_DEPTH} deep (at <${tag.name}>); the document is refused unparsed.`;
      }
    }
  }
  return null;
}

function skipPast(xml: string, from: number, end: string): number {
  const at = xml.indexOf(end, from);
  return at < 0 ? xml.length : at + end.length;
}

/** Reads one start tag from after its `<`, honouring quoted attribute values (which may hold `>`). */
function scanStartTag(xml: string, from: number): { end: number; name: string; selfClosing: boolean; violation?: string } {
  const nameEnd = xml.slice(from, from + 200).search(/[\s/>]|$/);
  const name = xml.slice(from, from + nameEnd);
  let attributes = 0;
  let i = from + nameEnd;
  while (i < xml.length) {
    const char = xml[i]!;
    if (char === '>') return { end: i + 1, name, selfClosing: xml[i - 1] === '/' };
    if (char === '"' || char === "'") {
      const close = xml.indexOf(char, i + 1);
      const length = (close < 0 ? xml.length : close) - i - 1;
      if (length > MAX_ATTRIBUTE_CHARS) {
        return { end: i, name, selfClosing: false, violation: `An attribute of <${name}> is ${length} characters long; at most ${MAX_ATTRIBUTE_CHARS} are allowed.` };
      }
      if (++attributes > MAX_ATTRIBUTES) {
        return { end: i, name, selfClosing: false, violation: `<${name}> has more than ${MAX_ATTRIBUTES} attributes.` };
      }
      i = close < 0 ? xml.length : close + 1;
    } else {
      i++;
    }
  }
  return { end: xml.length, name, selfClosing: false };
}
