import { ApiProblem, problemsOf } from '../shared/api.js';
import type { FormSchema, ProcessDefinition } from '../shared/contract.js';
import { fill, h } from '../shell/dom.js';
import { FormView } from '../shared/form-view.js';
import { labelOf } from '../shared/generated-form.js';
import { startFormOf, startVariablesOf } from '../shared/start-form.js';
import type { MountPage } from '../shared/page.js';
import { definitionOf } from '../shared/processes.js';
import { toast } from '../shell/toast.js';
import '../shared/pages.css';

type FieldKind = 'text' | 'number' | 'yes/no';

/**
 * Start a case: pick a process, fill in its start form (the start event's form-js form)
 * or, when it has none, a generated one: a business key and named fields with a type,
 * so nobody types raw JSON.
 */
export const mountStartCase: MountPage = async (element, context) => {
  const { api } = context;
  const picker = h('div.process-cards', { id: 'start-processes', role: 'list' });
  const formTitle = h('h2.card-title', { id: 'start-title' }, 'Choose a process');
  const description = h('p.muted', { id: 'start-description' }, 'Pick what kind of case to start; its form appears here.');
  const businessKey = h('input', { id: 'start-business-key', placeholder: 'e.g. ORDER-1042 or the client’s name', maxLength: 200 });
  const formBox = h('div.form-box', { id: 'start-form' });
  const fieldRows = h('div.field-rows', { id: 'start-fields' });
  const generated = h(
    'div.generated',
    { id: 'start-generated', hidden: true },
    h('p.muted', 'This process has no start form. Give the case the facts it starts from: a value for each field it asks for, and any more you add.'),
    fieldRows,
    h('button.link', { type: 'button', id: 'start-add-field', onClick: () => { addRow(); (fieldRows.lastElementChild?.querySelector('.field-name') as HTMLInputElement | null)?.focus(); } }, '+ Add a field'),
  );
  const problems = h('p.field-error', { id: 'start-error', role: 'alert' });
  const startButton = h('button.primary.large', { type: 'button', id: 'start-submit', disabled: true, onClick: () => void start() }, 'Start case');
  const formCard = h(
    'section.card.start-card',
    formTitle,
    description,
    h('label', h('span', 'Business key ', h('span.optional', '(optional: how people will find this case)')), businessKey),
    formBox,
    generated,
    problems,
    h('div.form-actions', startButton),
  );

  element.append(
    h(
      'div.page.page-start',
      h(
        'section.content.scroll',
        h('div.page-head', h('div', h('a.crumb', { href: '#/inbox' }, '← My work'), h('h1.page-title', 'Start a case'), h('p.page-lead', 'A case follows its process from here: each step lands in the inbox of whoever owns it.'))),
        h('div.start-layout', picker, formCard),
      ),
    ),
  );

  const form = new FormView(formBox);
  let chosen: ProcessDefinition | undefined;
  let schema: FormSchema | null = null;

  function addRow(name = '', kind: FieldKind = 'text', value = '') {
    const nameInput = h('input.field-name', { placeholder: 'name, e.g. leadId', value, 'aria-label': 'Field name' });
    nameInput.value = name;
    const kindSelect = h('select.field-kind', { 'aria-label': 'Kind' }, (['text', 'number', 'yes/no'] as const).map((option) => h('option', { value: option, selected: option === kind }, option)));
    const valueInput = h('input.field-value', { placeholder: 'value', 'aria-label': 'Value' });
    valueInput.value = value;
    const row = h('div.field-row', nameInput, kindSelect, valueInput, h('button.icon', { type: 'button', title: 'Remove this field', 'aria-label': 'Remove this field', onClick: () => row.remove() }, '×'));
    fieldRows.append(row);
  }

  function generatedVariables(): Record<string, unknown> | string {
    const variables: Record<string, unknown> = {};
    for (const row of Array.from(fieldRows.querySelectorAll('.field-row'))) {
      const name = (row.querySelector('.field-name') as HTMLInputElement).value.trim();
      const kind = (row.querySelector('.field-kind') as HTMLSelectElement).value as FieldKind;
      const raw = (row.querySelector('.field-value') as HTMLInputElement).value.trim();
      if (!name) continue;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `“${name}” is not a field name: letters, digits and _ only, not starting with a digit`;
      if (kind === 'number') {
        const value = Number(raw);
        if (raw === '' || !Number.isFinite(value)) return `${labelOf(name)} must be a number`;
        variables[name] = value;
      } else if (kind === 'yes/no') variables[name] = /^(yes|true|1|y)$/i.test(raw);
      else variables[name] = raw;
    }
    return variables;
  }

  async function choose(definition: ProcessDefinition) {
    chosen = definition;
    for (const card of Array.from(picker.children)) card.setAttribute('aria-pressed', String((card as HTMLElement).dataset.processKey === definition.key));
    fill(formTitle, definition.name || definition.key);
    description.textContent = `Version ${definition.version}. Fill in what the first step needs.`;
    problems.textContent = '';
    const full = await definitionOf(api, definition.key);
    schema = full.xml ? startFormOf(full.xml, definition.key) : null;
    formBox.hidden = !schema;
    generated.hidden = Boolean(schema);
    if (schema) await form.show(schema, {});
    else {
      fieldRows.replaceChildren();
      const wanted = full.xml ? startVariablesOf(full.xml, definition.key) : [];
      for (const name of wanted) addRow(name);
      if (!wanted.length) addRow();
      (fieldRows.querySelector(wanted.length ? '.field-value' : '.field-name') as HTMLInputElement | null)?.focus();
    }
    startButton.disabled = false;
    // The address names the process (for a link or a reload) without remounting the page.
    history.replaceState(null, '', `#/start/${encodeURIComponent(definition.key)}`);
  }

  async function start() {
    if (!chosen) return;
    problems.textContent = '';
    let variables: Record<string, unknown>;
    if (schema) {
      const data = form.submit();
      if (!data) {
        problems.textContent = 'Some fields need your attention.';
        return;
      }
      variables = data;
    } else {
      const result = generatedVariables();
      if (typeof result === 'string') {
        problems.textContent = result;
        return;
      }
      variables = result;
    }
    startButton.disabled = true;
    try {
      const key = businessKey.value.trim();
      await api('/api/process-instances', {
        method: 'POST',
        body: { processKey: chosen.key, variables, ...(key ? { businessKey: key } : {}) },
      });
      toast(`Case started: ${chosen.name || chosen.key}${key ? ` (${key})` : ''}`, 'ok');
      context.navigate('#/inbox');
    } catch (error) {
      startButton.disabled = false;
      if (error instanceof ApiProblem && error.status === 422 && schema) {
        const rest = form.showProblems(problemsOf(error));
        problems.textContent = rest.map((problem) => problem.message).join('; ') || 'The server refused some fields: see the messages on them.';
      } else problems.textContent = (error as Error).message;
    }
  }

  let definitions: ProcessDefinition[] = [];
  try {
    definitions = await api<ProcessDefinition[]>('/api/process-definitions');
  } catch (error) {
    fill(picker, h('p.error', `Processes cannot be listed: ${(error as Error).message}`));
  }
  fill(
    picker,
    definitions.length
      ? definitions.map((definition) =>
          h(
            'button.process-card',
            { type: 'button', role: 'listitem', 'aria-pressed': 'false', dataset: { processKey: definition.key }, onClick: () => void choose(definition) },
            h('span.process-card-name', definition.name || definition.key),
            h('span.muted', `${definition.key} · v${definition.version}`),
          ),
        )
      : h('p.muted', 'No process is deployed yet.'),
  );
  const wanted = definitions.find((definition) => definition.key === context.params.key);
  if (wanted) await choose(wanted);
  return () => form.destroy();
};
