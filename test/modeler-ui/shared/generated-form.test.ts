import { describe, expect, it } from 'vitest';
import { fieldsOf, generatedForm, labelOf } from '../../../modeler-ui/src/shared/generated-form.js';

describe('the generated form of a task without one', () => {
  it('should offer one field per simple variable, typed by its value, and skip objects', () => {
    // given
    const variables = { discountPercent: 15, approved: false, note: 'call back', client: { id: 1 }, lines: [1] };
    // when
    const form = generatedForm(variables);
    // then
    expect(form.components.map((c) => [c.key, c.type, c.label])).toEqual([
      ['discountPercent', 'number', 'Discount percent'],
      ['approved', 'checkbox', 'Approved'],
      ['note', 'textfield', 'Note'],
    ]);
    expect(fieldsOf(form.components).map((c) => c.key)).toEqual(['discountPercent', 'approved', 'note']);
  });

  it('should say there is nothing to fill in when the case has no simple variable', () => {
    // when
    const form = generatedForm({ client: { id: 1 } });
    // then
    expect(form.components).toEqual([expect.objectContaining({ type: 'text' })]);
    expect(fieldsOf(form.components)).toEqual([]);
  });

  it.each([
    ['leadId', 'Lead id'],
    ['credit_limit', 'Credit limit'],
    ['x', 'X'],
  ])('should label %s as "%s"', (key, label) => {
    expect(labelOf(key)).toBe(label);
  });
});
