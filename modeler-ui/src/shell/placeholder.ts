import { h } from './dom.js';

/** What a page shows until its module is built: its name and what it will do. */
export function mountPlaceholder(view: HTMLElement, title: string, purpose: string): void {
  view.append(
    h(
      'div.page.page-placeholder',
      h('section.content', h('div.empty-state', { dataset: { placeholder: title } }, h('h2', title), h('p', purpose))),
    ),
  );
}
