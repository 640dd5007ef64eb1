import { api } from '../shell/api.js';
import { fill, h, when } from '../shell/dom.js';
import type { ProcessDefinitionSummary } from './types.js';

/** The sidebar list of deployed processes (latest version of each key). */
export function createProcessList(container: HTMLElement) {
  let activeKey: string | null = null;
  let definitions: ProcessDefinitionSummary[] = [];

  function render() {
    if (!definitions.length) {
      fill(container, h('p.empty', 'Nothing deployed yet. Draw a diagram or import a .bpmn file, then Deploy.'));
      return;
    }
    fill(
      container,
      h(
        'ul.process-list',
        definitions.map((definition) =>
          h(
            'li',
            { class: definition.key === activeKey ? 'active' : '' },
            h(
              'a',
              { href: `#/processes/${encodeURIComponent(definition.key)}`, dataset: { key: definition.key }, 'aria-current': definition.key === activeKey ? 'true' : undefined },
              h('span.process-name', definition.name || definition.key),
              h('span.process-meta', `${definition.key} · v${definition.version}`, definition.deployedAt ? ` · ${when(definition.deployedAt)}` : ''),
            ),
          ),
        ),
      ),
    );
  }

  return {
    async refresh() {
      try {
        definitions = await api<ProcessDefinitionSummary[]>('/api/process-definitions');
        render();
      } catch (error) {
        fill(container, h('p.error', `Could not load processes: ${(error as Error).message}`));
      }
      return definitions;
    },
    select(key: string | null) {
      activeKey = key;
      render();
    },
  };
}
