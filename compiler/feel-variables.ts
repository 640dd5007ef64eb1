/**
 * Which process variables a FEEL expression reads, for the deployment check that each is
 * provided before it is read. Deliberately conservative: a name that might be bound
 * inside the expression (iteration variables, function parameters, context keys, names
 * inside a filter, where they may be the item's properties) or that the expression
 * tests for null is not counted, so the check warns only where a read really is bare.
 */
import { parseExpression } from 'feelin';
import { camundaBuiltins, FEEL_DIALECT } from '../feel/camunda.js';

export function variablesRead(source: string): string[] {
  const tree = parseExpression(source, camundaBuiltins, FEEL_DIALECT);
  const bound = new Set<string>();
  const read: string[] = [];
  tree.iterate({
    enter(node) {
      const name = node.type.name;
      if (name === 'InExpression' || name === 'FormalParameter' || name === 'Key') {
        const first = node.node.firstChild;
        if (first) bound.add(source.slice(first.from, first.to).trim());
      }
      if (name === 'FilterExpression') {
        // Only the filtered list is read as a variable; the bracket holds item properties.
        const list = node.node.firstChild;
        if (list) collectRead(source, list, read);
        return false;
      }
      if (name === 'FunctionInvocation') {
        // The callee is a built-in or a function value, not data a step must provide.
        for (let argument = node.node.firstChild?.nextSibling ?? null; argument; argument = argument.nextSibling) collectRead(source, argument, read);
        return false;
      }
      if (name === 'VariableName') {
        read.push(source.slice(node.from, node.to));
        return false;
      }
      return true;
    },
  });
  return [...new Set(read)].filter((variable) => !bound.has(variable) && !testsForNull(source, variable));
}

type SyntaxNodeLike = { type: { name: string }; from: number; to: number; firstChild: SyntaxNodeLike | null; nextSibling: SyntaxNodeLike | null };

function collectRead(source: string, start: SyntaxNodeLike, read: string[]): void {
  const sub = source.slice(start.from, start.to);
  if (sub.trim() === '' || start.type.name === '(' || start.type.name === ')') return;
  try {
    read.push(...variablesReadRaw(sub));
  } catch {
    // part of a larger expression that does not parse alone: nothing certain to say
  }
}

/** variablesRead without the null-test filter, for sub-expressions (filtered by the caller). */
function variablesReadRaw(source: string): string[] {
  const tree = parseExpression(source, camundaBuiltins, FEEL_DIALECT);
  let broken = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken = true;
      return !broken;
    },
  });
  return broken ? [] : variablesRead(source);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `x = null`, `x != null`, `null = x`, `is defined(x)`: the designer already handles "not there". */
function testsForNull(source: string, variable: string): boolean {
  const name = escape(variable);
  return new RegExp(`(^|[^\\w.])${name}\\s*!?=\\s*null\\b|\\bnull\\s*!?=\\s*${name}(?![\\w])|is defined\\(\\s*${name}\\s*\\)`).test(source);
}
