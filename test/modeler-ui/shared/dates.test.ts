import { describe, expect, it } from 'vitest';
import { due, relative, seconds, span } from '../../../modeler-ui/src/shared/dates.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('dates as people say them', () => {
  it.each([
    [at(2 * DAY + HOUR), 'in 2 days'],
    [at(2 * DAY - MIN), 'in 2 days'],
    [at(DAY), 'in 1 day'],
    [at(3 * HOUR + 10 * MIN), 'in 3 h'],
    [at(5 * MIN), 'in 5 min'],
    [at(10_000), 'just now'],
    [at(-10_000), 'just now'],
    [at(-5 * MIN), '5 min ago'],
    [at(-3 * HOUR), '3 h ago'],
    [at(-20 * DAY), '2 weeks ago'],
    [at(90 * DAY), 'in 3 months'],
  ])('should say %s is "%s"', (iso, text) => {
    // when
    const said = relative(iso, NOW);
    // then
    expect(said).toBe(text);
  });

  it.each([
    [at(2 * DAY), 'due in 2 days', 'later'],
    [at(3 * HOUR), 'due in 3 h', 'soon'],
    [at(-3 * HOUR), '3 h overdue', 'overdue'],
    [at(-26 * HOUR), '1 day overdue', 'overdue'],
    [null, 'no due date', 'none'],
  ])('should describe the deadline %s as "%s" (%s)', (iso, text, state) => {
    // when
    const deadline = due(iso, NOW);
    // then
    expect(deadline).toEqual({ text, state });
  });

  it.each([
    [42, '42 s'],
    [180, '3 min'],
    [4800, '1 h 20 min'],
    [7200, '2 h'],
    [2 * 86400 + 4 * 3600, '2 days 4 h'],
    [null, '—'],
  ])('should write %s seconds as "%s"', (value, text) => {
    // when
    const written = seconds(value);
    // then
    expect(written).toBe(text);
  });

  it('should give a span in its largest unit, rounded as people round it', () => {
    // when
    const spans = [span(59_000), span(59 * MIN), span(100 * MIN), span(23 * HOUR + 50 * MIN), span(13 * DAY)];
    // then
    expect(spans).toEqual(['59 s', '59 min', '2 h', '1 day', '13 days']);
  });
});
