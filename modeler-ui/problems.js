import { fill, h } from './dom.js';

/**
 * The problems panel under the modeler. Each problem that names an element on the canvas
 * marks it (`problem` marker, red) with an overlay carrying the message; clicking the
 * problem in the list selects the element and scrolls it into view.
 */
export function createProblemsPanel(panel, getModeler) {
  let marked = [];

  function clear() {
    const modeler = getModeler();
    if (modeler) {
      const canvas = modeler.get('canvas');
      for (const id of marked) canvas.removeMarker(id, 'problem');
      modeler.get('overlays').remove({ type: 'problem' });
    }
    marked = [];
    fill(panel);
    panel.hidden = true;
  }

  function reveal(elementId) {
    const modeler = getModeler();
    const element = elementId && modeler?.get('elementRegistry').get(elementId);
    if (!element) return;
    modeler.get('canvas').scrollToElement(element, { top: 120, bottom: 120, left: 200, right: 200 });
    modeler.get('selection').select(element);
  }

  function markOnCanvas(problem) {
    const modeler = getModeler();
    const registry = modeler?.get('elementRegistry');
    const element = problem.elementId && registry?.get(problem.elementId);
    if (!element || element === modeler.get('canvas').getRootElement()) return false;
    modeler.get('canvas').addMarker(element, 'problem');
    modeler.get('overlays').add(element, 'problem', {
      position: { top: -30, left: 0 },
      html: h('div.problem-overlay', { title: problem.message }, problem.message),
    });
    marked.push(element.id);
    return true;
  }

  /**
   * @param {{elementId?: string|null, message: string}[]} problems
   * @param {{title: string, kind?: 'error'|'warning'}} options  warnings list only, no markers
   */
  function show(problems, { title, kind = 'error' }) {
    clear();
    if (!problems.length) return;
    const items = problems.map((problem) => {
      const onCanvas = kind === 'error' ? markOnCanvas(problem) : Boolean(getModeler()?.get('elementRegistry').get(problem.elementId ?? ''));
      return h(
        'li',
        { class: `problem-item ${kind}` },
        h(
          'button',
          { type: 'button', disabled: !onCanvas, dataset: { elementId: problem.elementId ?? '' }, onClick: () => reveal(problem.elementId) },
          h('span.problem-element', problem.elementId ?? 'diagram'),
          h('span.problem-message', problem.message),
        ),
      );
    });
    fill(
      panel,
      h('div.problems-head', h('strong', title), h('button.link', { type: 'button', onClick: clear }, 'Dismiss')),
      h('ul.problem-list', { class: kind }, items),
    );
    panel.dataset.kind = kind;
    panel.hidden = false;
  }

  return { show, clear };
}
