import { describe, expect, it } from 'vitest';
import { feelSyntaxError } from '../../compiler/index.js';

describe('feelSyntaxError', () => {
  it.each([
    'order.total >= 1000',
    'approved = true and amount < 10',
    'if to = null then "admin" else to',
    'now() + duration("P2D")',
    '{ id: order.id, lines: order.lines[qty > 0] }',
    'sum(order.lines.amount)',
    'count(reservations) >= 3',
  ])('should accept %s', (source) => {
    expect(feelSyntaxError(source)).toBeNull();
  });

  it.each([
    ['order.total >=', 'position 15 (unexpected end)'],
    ['foo(', 'position 5'],
    ['${approved}', 'position 1'],
    ['', 'empty'],
    ['   ', 'empty'],
  ])('should point at the error in %j', (source, where) => {
    expect(feelSyntaxError(source)).toContain(where);
  });
});
