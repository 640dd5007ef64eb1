import { api } from './api.js';
import { fill, h, when } from './dom.js';

/** The sidebar list of deployed processes (latest version of each key). */
export function createProcessList(container) {
  let activeKey = null;
  let definitions = [];

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
              { href: `#/processes/${encodeURIComponent(definition.key)}`, dataset: { key: definition.key } },
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
        definitions = await api('/api/process-definitions');
        render();
      } catch (error) {
        fill(container, h('p.error', `Could not load processes: ${error.message}`));
      }
      return definitions;
    },
    select(key) {
      activeKey = key;
      render();
    },
  };
}
