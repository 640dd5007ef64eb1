/**
 * SQL for a ResourceBinding (compiler/model.ts, Camunda 8 `bindingType`) over a
 * versioned resource table with `deployment_id` and `version_tag`: decisions, forms.
 */
import type { ResourceBinding } from '../../compiler/model.js';

/** WHERE clause over `deployment_id` / `version_tag` for `binding`, with its parameters from `$first`. */
export function bindingFilter(binding: ResourceBinding, first: number): { sql: string; params: string[] } {
  switch (binding.bindingType) {
    case 'latest':
      return { sql: 'TRUE', params: [] };
    case 'deployment':
      // A model deployed before the id was filled in binds to nothing rather than to the wrong version.
      return { sql: `deployment_id = $${first}::uuid`, params: [binding.deploymentId ?? '00000000-0000-0000-0000-000000000000'] };
    case 'versionTag':
      return { sql: `version_tag = $${first}`, params: [binding.versionTag] };
  }
}

export function describeBinding(binding: ResourceBinding): string {
  switch (binding.bindingType) {
    case 'latest':
      return 'latest version';
    case 'deployment':
      return `version deployed with this process (deployment ${binding.deploymentId ?? 'unknown'})`;
    case 'versionTag':
      return `version tagged "${binding.versionTag}"`;
  }
}
