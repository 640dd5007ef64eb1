import { h } from '../shell/dom.js';

/** A key figure: big value, what it counts, a hint; `tone` colours it. */
export function kpi(value: string, label: string, hint: string, tone: 'good' | 'bad' | '' = ''): HTMLElement {
  const words = !/^[\d\s.,%—-]+$/.test(value); // a step's name reads smaller than a figure
  return h('div.kpi', { class: `${tone} ${words ? 'kpi-words' : ''}` }, h('span.kpi-value', { title: value }, value), h('span.kpi-label', label), h('span.kpi-hint', hint));
}

/** "87 %" from 0.87; a dash when there is nothing to rate. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? '—' : `${Math.round(rate * 100)} %`;
}
