import { api } from '../shell/api.js';
import { fill, h, when } from '../shell/dom.js';
import type { ProcessDefinition } from './types.js';

/**
 * The versions of the opened process: pick any deployed version, see who deployed it and
 * when, and compare it with the version before (`onCompare` marks the changes).
 */
export function createVersionBar(options: {
  onOpen(key: string, version: number): void;
  onCompare(previous: ProcessDefinition | null): void;
}) {
  const select = h('select', { id: 'version-select', 'aria-label': 'Version' });
  const facts = h('span.version-facts', { id: 'version-facts' });
  const compare = h('button', { type: 'button', id: 'compare-previous', 'aria-pressed': 'false' }, 'Compare with previous');
  const bar = h('div.version-bar', { id: 'version-bar', hidden: true }, select, facts, compare);
  let current: ProcessDefinition | null = null;
  let comparing = false;

  select.addEventListener('change', () => {
    if (current) options.onOpen(current.key, Number(select.value));
  });
  compare.addEventListener('click', () => void toggleCompare());

  async function toggleCompare() {
    if (!current || current.version < 2) return;
    comparing = !comparing;
    compare.setAttribute('aria-pressed', String(comparing));
    compare.classList.toggle('pressed', comparing);
    if (!comparing) return options.onCompare(null);
    const previous = await api<ProcessDefinition>(`/api/process-definitions/${encodeURIComponent(current.key)}`, { query: { version: current.version - 1 } });
    options.onCompare(previous);
  }

  return {
    element: bar,
    /** The opened diagram is deployed version `definition` of `latest` versions (or not deployed: null). */
    show(definition: ProcessDefinition | null, latest: number) {
      current = definition;
      comparing = false;
      compare.setAttribute('aria-pressed', 'false');
      compare.classList.remove('pressed');
      bar.hidden = !definition;
      if (!definition) return;
      fill(
        select,
        Array.from({ length: latest }, (_, index) => latest - index).map((version) =>
          h('option', { value: String(version), selected: version === definition.version }, `v${version}${version === latest ? ' (latest)' : ''}`),
        ),
      );
      fill(facts, `deployed by ${definition.deployedBy ?? 'unknown'}`, definition.deployedAt ? h('span', { title: definition.deployedAt }, ` · ${when(definition.deployedAt)}`) : null);
      compare.disabled = definition.version < 2;
      compare.title = definition.version < 2 ? 'Version 1 has nothing before it' : `Mark what changed since v${definition.version - 1}`;
    },
  };
}
