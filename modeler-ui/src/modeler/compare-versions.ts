const BPMN_MODEL = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
/** Containers whose XML holds everything else: comparing them says nothing. */
const CONTAINERS = new Set(['definitions', 'process', 'collaboration', 'participant', 'laneSet', 'lane']);

export interface VersionDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Each semantic element with an id, as canonical XML text (DI, i.e. layout, is left out). */
function elementsOf(xml: string): Map<string, string> {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const serializer = new XMLSerializer();
  const elements = new Map<string, string>();
  for (const element of Array.from(document.getElementsByTagNameNS(BPMN_MODEL, '*'))) {
    const id = element.getAttribute('id');
    if (!id || CONTAINERS.has(element.localName)) continue;
    elements.set(id, serializer.serializeToString(element).replace(/\s+/g, ' ').replace(/ xmlns(:\w+)?="[^"]*"/g, ''));
  }
  return elements;
}

/** What a version changed against the one before: elements added, changed (any attribute or extension) and removed. */
export function diffVersions(previousXml: string, currentXml: string): VersionDiff {
  const before = elementsOf(previousXml);
  const after = elementsOf(currentXml);
  const diff: VersionDiff = { added: [], changed: [], removed: [] };
  for (const [id, text] of after) {
    const old = before.get(id);
    if (old === undefined) diff.added.push(id);
    else if (old !== text) diff.changed.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) diff.removed.push(id);
  return diff;
}
