/**
 * Camunda 8 inbound connectors (webhook, e-mail, queue and other start or catch events
 * with a `zeebe:property name="inbound.type"`) run in Camunda's connector runtime, which
 * this engine does not have. Such an event still deploys, as the event it is drawn as;
 * the warning says what triggers it here instead.
 */
import { children, extension, text, type ModdleNode } from '../moddle-node.js';
import type { ProblemReport } from '../problems.js';

export function warnAboutInboundConnector(node: ModdleNode, elementId: string, report: ProblemReport): void {
  const properties = extension(node, 'zeebe:Properties');
  const inbound = properties && children(properties, 'properties').find((property) => text(property, 'name') === 'inbound.type');
  if (!inbound) return;
  const connector = text(inbound, 'value') ?? 'an inbound connector';
  report.warning(
    elementId,
    `Inbound connector ${connector} does not run here: only POST /api/messages (message events) and POST /api/signals (signal events) trigger this event.`,
  );
}
