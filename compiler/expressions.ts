/**
 * FEEL at deployment: Camunda 8 reads an attribute as FEEL when it starts with `=`.
 * Every FEEL source is parsed here with feelin so that a syntax error is rejected with
 * its element id (STYLE.md: syntax errors are deployment errors; evaluation trouble is
 * the interpreter's).
 */
import { parseExpression } from 'feelin';
import { camundaBuiltins, FEEL_DIALECT } from '../feel/camunda.js';
import type { Expression, FeelExpression } from './model.js';
import type { ProblemReport } from './problems.js';

/** Where a FEEL source came from, for messages: element id and attribute. */
export interface ExpressionSite {
  elementId: string;
  /** In the designer's words, e.g. "condition", "correlation key". */
  what: string;
}

/** The syntax error in a FEEL expression, or null when it parses. */
export function feelSyntaxError(source: string): string | null {
  if (source.trim() === '') return 'the expression is empty';
  let errorAt: number | null = null;
  parseExpression(source, camundaBuiltins, FEEL_DIALECT).iterate({
    enter(node) {
      if (errorAt === null && node.type.isError) errorAt = node.from;
      return errorAt === null;
    },
  });
  if (errorAt === null) return null;
  const near = source.slice(errorAt, errorAt + 20);
  return `FEEL syntax error at position ${errorAt + 1}${near ? ` near "${near}"` : ' (unexpected end)'}`;
}

/**
 * Read an attribute that may be FEEL (`=…`) or a static value. Empty means absent.
 * A FEEL syntax error is reported and the attribute is still returned, so that later
 * rules see the element as configured and do not pile on misleading problems.
 */
export function readExpression(raw: string | null, site: ExpressionSite, report: ProblemReport): Expression | null {
  const value = raw?.trim();
  if (!value) return null;
  if (!value.startsWith('=')) return { kind: 'literal', value };
  return checkedFeel(value.slice(1), site, report);
}

/**
 * Read an attribute that is always FEEL (sequence flow conditions, multi-instance
 * collections): the leading `=` is optional. Returns the source without it.
 */
export function readFeelSource(raw: string | null, site: ExpressionSite, report: ProblemReport): string | null {
  const value = raw?.trim();
  if (!value) return null;
  return checkedFeel(value.startsWith('=') ? value.slice(1) : value, site, report).source;
}

function checkedFeel(source: string, site: ExpressionSite, report: ProblemReport): FeelExpression {
  const trimmed = source.trim();
  const error = feelSyntaxError(trimmed);
  if (error) report.error(site.elementId, `The ${site.what} "${trimmed}" is not valid FEEL: ${error}.`);
  return { kind: 'feel', source: trimmed };
}
