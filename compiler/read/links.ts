/**
 * Links between elements that no sequence flow draws: link throw events to their link
 * catch event (BPMN 2.0 §10.5.4: same name, same scope; a name without a catch is a
 * deployment error on the throw), and containers to their event sub-processes.
 */
import type { ReadContext } from './context.js';

export function linkLinkEvents(context: ReadContext): void {
  const catches = new Map<string, string>();
  for (const element of Object.values(context.elements)) {
    if (element.kind !== 'intermediateCatchEvent' || element.event.type !== 'link') continue;
    const key = `${element.parentId}\u0000${element.event.linkName}`;
    const other = catches.get(key);
    if (other) context.report.error(element.id, `Two link catch events are named "${element.event.linkName}" in one scope ("${other}" and "${element.id}"); a link throw could not choose.`);
    else catches.set(key, element.id);
  }
  for (const element of Object.values(context.elements)) {
    if (element.kind !== 'intermediateThrowEvent' || element.event.type !== 'link') continue;
    const targetId = catches.get(`${element.parentId}\u0000${element.event.linkName}`);
    if (targetId) element.event.targetId = targetId;
    else context.report.error(element.id, `No link catch event named "${element.event.linkName}" in the same scope for this link throw event to jump to.`);
  }
}

/** The event sub-processes among a container's direct children. */
export function eventSubProcessesOf(childIds: readonly string[], context: ReadContext): string[] {
  return childIds.filter((id) => {
    const element = context.elements[id];
    return element?.kind === 'subProcess' && element.triggeredByEvent === true;
  });
}
