import { describe, expect, it } from 'vitest';
import { validateSubmission } from '../../forms/validate-submission.js';

const form = {
  components: [
    { key: 'title', label: 'Deal title', type: 'textfield', validate: { required: true, maxLength: 10 } },
    { key: 'amount', label: 'Amount', type: 'number', validate: { required: true, min: 0 } },
    { key: 'won', label: 'Won', type: 'checkbox' },
    { key: 'terms', label: 'Terms accepted', type: 'checkbox', validate: { required: true } },
    { key: 'channel', label: 'Channel', type: 'select', values: [{ value: 'web' }, { value: 'phone' }] },
    { type: 'group', components: [{ key: 'code', label: 'Code', type: 'textfield', validate: { pattern: '^[A-Z]+$' } }] },
    { type: 'text', text: 'Just a caption' },
  ],
};
const valid = { title: 'Widgets', amount: 10, terms: true };

describe('validateSubmission', () => {
  it.each([
    [{}, []],
    [{ amount: 1 }, []],
  ])('should accept anything for a form without required fields (%o)', (variables, problems) => {
    expect(validateSubmission({ components: [{ key: 'amount', type: 'number' }] }, variables)).toEqual(problems);
  });

  it('should accept variables that fit the form', () => {
    expect(validateSubmission(form, valid)).toEqual([]);
    expect(validateSubmission(form, { ...valid, won: false, channel: 'web', code: 'ABC' })).toEqual([]);
  });

  it.each([
    [{ ...valid, title: undefined }, 'title', 'Deal title is required'],
    [{ ...valid, title: 'Far too long a title' }, 'title', 'Deal title must have at most 10 characters'],
    [{ ...valid, amount: '10' }, 'amount', 'Amount must be a number'],
    [{ ...valid, amount: -1 }, 'amount', 'Amount must be at least 0'],
    [{ ...valid, won: 'yes' }, 'won', 'Won must be true or false'],
    [{ ...valid, terms: false }, 'terms', 'Terms accepted must be checked'],
    [{ ...valid, channel: 'fax' }, 'channel', 'Channel is not one of the options'],
    [{ ...valid, code: 'abc' }, 'code', 'Code must match ^[A-Z]+$'],
  ])('should refuse %o naming the field', (variables, field, message) => {
    expect(validateSubmission(form, variables)).toEqual([{ field, message }]);
  });

  it('should report every problem at once', () => {
    expect(validateSubmission(form, {}).map((problem) => problem.field)).toEqual(['title', 'amount', 'terms']);
  });

  it('should check each row of a dynamic list against the list\'s fields', () => {
    // given: a proposal's order lines, as form-js's dynamic list submits them under its path
    const proposal = {
      components: [
        {
          type: 'dynamiclist',
          path: 'lines',
          label: 'Order lines',
          components: [
            { key: 'sku', label: 'Product', type: 'select', valuesKey: 'products', validate: { required: true } },
            { key: 'qty', label: 'Quantity', type: 'number', validate: { required: true, min: 1 } },
          ],
        },
      ],
    };
    // when
    const fine = validateSubmission(proposal, { lines: [{ sku: 'WID-1', qty: 2 }] });
    const wrong = validateSubmission(proposal, { lines: [{ sku: 'WID-1', qty: 0 }, { qty: 1 }] });
    const notAList = validateSubmission(proposal, { lines: 'WID-1' });
    // then
    expect(fine).toEqual([]);
    expect(wrong).toEqual([
      { field: 'lines.0.qty', message: 'Order lines row 1: Quantity must be at least 1' },
      { field: 'lines.1.sku', message: 'Order lines row 2: Product is required' },
    ]);
    expect(notAList).toEqual([{ field: 'lines', message: 'Order lines must be a list' }]);
  });

  it('should ignore a task without a form or with a form reference only', () => {
    expect(validateSubmission(null, {})).toEqual([]);
    expect(validateSubmission({ kind: 'formId', formId: 'invoice-check' }, {})).toEqual([]);
  });
});
