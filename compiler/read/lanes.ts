/**
 * Lanes (BPMN 2.0 §10.7): a user task with no candidate groups is offered to its
 * lane, named as a group ("Sales Managers" -> `sales-managers`, CONTRACT §3). With
 * nested lanes the innermost one wins.
 */
import { child, children, text, trimmedText, type ModdleNode } from '../moddle-node.js';

/** "Sales Managers" -> "sales-managers". */
export function laneGroupName(laneName: string): string {
  return laneName.trim().toLowerCase().replace(/\s+/g, '-');
}

/** Element id -> lane group, for every flow node a named lane lists. */
export function readLaneGroups(process: ModdleNode): Map<string, string> {
  const groups = new Map<string, string>();
  const visit = (laneSet: ModdleNode): void => {
    for (const lane of children(laneSet, 'lanes')) {
      const name = trimmedText(lane, 'name');
      if (name) {
        for (const node of children(lane, 'flowNodeRef')) {
          const id = text(node, 'id');
          if (id) groups.set(id, laneGroupName(name));
        }
      }
      // Visited after the parent lane so that inner lanes overwrite outer ones.
      const nested = child(lane, 'childLaneSet');
      if (nested) visit(nested);
    }
  };
  for (const laneSet of children(process, 'laneSets')) visit(laneSet);
  inheritFromSubProcesses(process, groups, null);
  return groups;
}

/** Lanes usually list only the sub-process; what runs inside it belongs to the same lane. */
function inheritFromSubProcesses(container: ModdleNode, groups: Map<string, string>, inherited: string | null): void {
  for (const node of children(container, 'flowElements')) {
    const id = text(node, 'id');
    if (!id) continue;
    const own = groups.get(id);
    if (own === undefined && inherited !== null) groups.set(id, inherited);
    if (node.$type === 'bpmn:SubProcess') inheritFromSubProcesses(node, groups, own ?? inherited);
  }
}
