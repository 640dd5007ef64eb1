import { count, fill, h } from '../shell/dom.js';
import type { Problem, Severity } from './problem.js';
import { canvasOf, overlaysOf, registryOf, selectionOf, type DiagramElement, type ServiceLocator } from './bpmn-services.js';

const MARKER: Record<Severity, string> = { error: 'problem', warning: 'problem-warning' };

/**
 * The problems panel under the canvas and the problem badges on the diagram. Each problem
 * naming an element marks it and puts a badge on it; the badge opens the full messages,
 * and a click on a problem in the list selects its element and scrolls it into view.
 */
export function createProblemsPanel(panel: HTMLElement, diagram: () => ServiceLocator | null) {
  let lint: Problem[] = [];
  let reported: Problem[] = [];
  let reportTitle = '';
  let marked: Array<{ id: string; marker: string }> = [];

  function unmark() {
    const modeler = diagram();
    if (modeler) {
      const canvas = canvasOf(modeler);
      for (const { id, marker } of marked) if (registryOf(modeler).get(id)) canvas.removeMarker(id, marker);
      overlaysOf(modeler).remove({ type: 'problem' });
    }
    marked = [];
  }

  function elementOf(problem: Problem): DiagramElement | undefined {
    const modeler = diagram();
    const element = problem.elementId ? modeler && registryOf(modeler).get(problem.elementId) : undefined;
    if (!modeler || !element || element === canvasOf(modeler).getRootElement()) return undefined;
    return element;
  }

  function reveal(problem: Problem) {
    const modeler = diagram();
    const element = elementOf(problem);
    if (!modeler || !element) return;
    canvasOf(modeler).scrollToElement(element, { top: 160, bottom: 160, left: 240, right: 240 });
    selectionOf(modeler).select(element);
  }

  /** One badge per element, with every message for it readable in full. */
  function markOnCanvas(problems: Problem[]) {
    const modeler = diagram();
    if (!modeler) return;
    const byElement = new Map<DiagramElement, Problem[]>();
    for (const problem of problems) {
      const element = elementOf(problem);
      if (element) byElement.set(element, [...(byElement.get(element) ?? []), problem]);
    }
    for (const [element, list] of byElement) {
      const severity: Severity = list.some((problem) => problem.severity === 'error') ? 'error' : 'warning';
      canvasOf(modeler).addMarker(element, MARKER[severity]);
      marked.push({ id: element.id, marker: MARKER[severity] });
      const popover = h('div.problem-popover', { role: 'tooltip' }, h('ul', list.map((problem) => h('li', { class: problem.severity }, problem.message))));
      const badge = h('button.problem-badge', { type: 'button', class: severity, 'aria-label': `${count(list.length, 'problem')} on ${element.businessObject.name || element.id}`, onClick: () => reveal(list[0]!) }, String(list.length));
      const overlay = h('div.problem-overlay', { class: severity, dataset: { elementId: element.id } }, badge, popover);
      const keepInside = () => placeInside(overlay, popover);
      overlay.addEventListener('mouseenter', keepInside);
      overlay.addEventListener('focusin', keepInside);
      overlaysOf(modeler).add(element, 'problem', {
        position: element.waypoints ? { top: -12, left: -12 } : { top: -12, right: 12 },
        html: overlay,
        scale: { min: 1, max: 1 },
      });
    }
  }

  function item(problem: Problem) {
    const onCanvas = Boolean(elementOf(problem));
    const element = elementOf(problem);
    return h(
      'li',
      { class: `problem-item ${problem.severity} from-${problem.source}` },
      h(
        'button',
        { type: 'button', disabled: !onCanvas, dataset: { elementId: problem.elementId ?? '', source: problem.source }, onClick: () => reveal(problem) },
        h('span', { class: `problem-icon ${problem.severity}`, 'aria-label': problem.severity }, problem.severity === 'error' ? '✕' : '!'),
        h('span.problem-element', element?.businessObject.name || problem.elementId || 'diagram'),
        h('span.problem-message', problem.message),
        problem.rule && h('span.problem-rule', problem.rule),
      ),
    );
  }

  function render() {
    unmark();
    // What the server said wins over the same words from lint.
    const said = new Set(reported.map((problem) => `${problem.elementId ?? ''}\u0000${problem.message}`));
    const all = [...reported, ...lint.filter((problem) => !said.has(`${problem.elementId ?? ''}\u0000${problem.message}`))];
    markOnCanvas(all.filter((problem) => problem.source !== 'import'));
    const errors = all.filter((problem) => problem.severity === 'error').length;
    const warnings = all.length - errors;
    panel.dataset.kind = errors ? 'error' : warnings ? 'warning' : 'none';
    panel.dataset.errors = String(errors);
    panel.dataset.warnings = String(warnings);
    if (!all.length) {
      fill(panel);
      panel.hidden = true;
      return;
    }
    panel.hidden = false;
    const summary = [errors && count(errors, 'error'), warnings && count(warnings, 'warning')].filter(Boolean).join(', ');
    fill(
      panel,
      h(
        'div.problems-head',
        h('strong', reportTitle && reported.length ? reportTitle : 'Problems'),
        h('span.problems-summary', summary),
        reported.length ? h('button.link', { type: 'button', id: 'dismiss-problems', onClick: clearReport }, 'Dismiss') : null,
      ),
      h('ul.problem-list', all.map(item)),
    );
  }

  function clearReport() {
    reported = [];
    reportTitle = '';
    render();
  }

  return {
    /** Lint results, replaced on every change of the diagram. */
    setLint(problems: Problem[]) {
      lint = problems;
      render();
    },
    /** What the server or the import said; stays until dismissed or the next report. */
    report(problems: Problem[], title: string) {
      reported = problems;
      reportTitle = title;
      render();
    },
    clearReport,
    /** A new diagram: nothing of the old one stays. */
    reset() {
      lint = [];
      clearReport();
    },
    lintProblems: () => lint,
  };
}

export type { Problem } from './problem.js';
export type ProblemsPanel = ReturnType<typeof createProblemsPanel>;

/** Opens the messages to the left or above when they would leave the canvas. */
function placeInside(overlay: HTMLElement, popover: HTMLElement) {
  const canvas = overlay.closest('.djs-container')?.getBoundingClientRect();
  if (!canvas) return;
  overlay.classList.remove('flip-x', 'flip-y');
  const badge = overlay.getBoundingClientRect();
  const width = Math.min(popover.scrollWidth || 320, 320);
  if (badge.left + width > canvas.right - 8) overlay.classList.add('flip-x');
  if (badge.bottom + 26 + (popover.scrollHeight || 80) > canvas.bottom - 8) overlay.classList.add('flip-y');
}
