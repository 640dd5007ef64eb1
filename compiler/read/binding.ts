/**
 * `bindingType` and `versionTag` on zeebe:calledDecision, zeebe:formDefinition (and
 * zeebe:calledElement): which version of the referenced resource runs. Camunda 8's
 * default is `latest`; anything else it does not know is an error, never ignored.
 */
import type { ResourceBinding } from '../model.js';
import { trimmedText, type ModdleNode } from '../moddle-node.js';
import type { ProblemReport } from '../problems.js';

export function readBinding(definition: ModdleNode, elementId: string, what: string, report: ProblemReport): ResourceBinding {
  const bindingType = trimmedText(definition, 'bindingType') ?? 'latest';
  const versionTag = trimmedText(definition, 'versionTag');
  switch (bindingType) {
    case 'latest':
      return { bindingType: 'latest' };
    case 'deployment':
      return { bindingType: 'deployment' };
    case 'versionTag':
      if (!versionTag) report.error(elementId, `The ${what} binds by version tag but names none: set versionTag.`);
      return { bindingType: 'versionTag', versionTag: versionTag ?? '' };
    default:
      report.error(elementId, `The ${what} has bindingType "${bindingType}"; use latest, deployment or versionTag.`);
      return { bindingType: 'latest' };
  }
}
