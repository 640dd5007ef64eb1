/**
 * FEEL as Camunda 8 means it (feel-scala), on top of `feelin`.
 *
 * feelin's own `camunda` dialect already reads what feel-scala reads beyond the DMN
 * standard: string literals spanning lines and backtick names (`` x.`a-b` ``). What it
 * lacks are some of feel-scala's built-in functions. feelin has no option for custom
 * built-ins, but it resolves a function call through the evaluation context, and its
 * parser recognises names with spaces or keywords (`get or else`) when the parse context
 * holds them; so the built-ins below travel in the context, under the variables (a
 * variable of the same name wins, as it would shadow a function in feel-scala's scope).
 *
 * Everything here runs inside the Temporal workflow sandbox: no Node built-ins; `uuid()`
 * and `random number()` use Math.random, which the sandbox makes replay-safe.
 * Semantics follow feel-scala 1.20 (Camunda 8.8): impl/builtin/*BuiltinFunctions.scala.
 */
import { evaluate } from 'feelin';

/** The lezer-feel dialect that Camunda's own tools (Modeler, form-js) parse with. */
export const FEEL_DIALECT = 'camunda';

type Builtin = ((...args: unknown[]) => unknown) & { $args: string[] };

function builtin(parameters: string[], body: (...args: unknown[]) => unknown): Builtin {
  return Object.assign((...args: unknown[]) => body(...args.map((argument) => argument ?? null)), { $args: parameters });
}

const isList = (value: unknown): value is unknown[] => Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isContext = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/** FEEL equality for the list functions: primitives by value, the rest by their JSON. */
function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') return false;
  return JSON.stringify(left) === JSON.stringify(right) && String(left) === String(right);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return bytes;
}

function toBase64(text: string): string {
  const bytes = utf8Bytes(text);
  let encoded = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const [a = 0, b = 0, c = 0] = bytes.slice(index, index + 3);
    const chunk = (a << 16) | (b << 8) | c;
    encoded += BASE64[(chunk >> 18) & 63]! + BASE64[(chunk >> 12) & 63]!;
    encoded += index + 1 < bytes.length ? BASE64[(chunk >> 6) & 63]! : '=';
    encoded += index + 2 < bytes.length ? BASE64[chunk & 63]! : '=';
  }
  return encoded;
}

function uuid(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(Math.random() * 4)]!;
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** A sum as decimals add up (feel-scala's numbers are BigDecimal): 0.1 + 0.2 + 0.3 = 0.6. */
function decimalSum(numbers: number[]): number {
  const places = Math.max(...numbers.map((number) => (String(number).includes('e') ? 16 : (String(number).split('.')[1] ?? '').length)));
  const total = numbers.reduce((sum, number) => sum + number, 0);
  return places <= 15 ? Number(total.toFixed(places)) : total;
}

/** JSON text of a FEEL value: dates, times and durations as their ISO strings. */
function jsonOf(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isList(value)) return value.map(jsonOf);
  if (isContext(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, jsonOf(entry)]));
  if (typeof value === 'object') return String(value);
  return value;
}

/** Built-ins written in FEEL itself, where FEEL says it best. */
function feelFunction(source: string): unknown {
  return evaluate(source, {}, FEEL_DIALECT).value;
}

/** feel-scala's built-in functions that feelin does not have. */
export const camundaBuiltins: Record<string, unknown> = {
  // BooleanBuiltinFunctions
  'is defined': builtin(['value'], (value) => value !== null),
  'get or else': builtin(['value', 'default'], (value, fallback) => (value === null ? fallback : value)),
  assert: builtin(['value', 'condition', 'cause'], (value, condition, cause) => {
    if (condition === true) return value;
    throw new Error(isString(cause) ? cause : 'The condition is not fulfilled');
  }),
  // ContextBuiltinFunctions
  'put all': builtin(['...contexts'], (...contexts) => {
    const all = contexts.length === 1 && isList(contexts[0]) ? contexts[0] : contexts;
    return all.every(isContext) ? Object.assign({}, ...all) : null;
  }),
  // ConversionBuiltinFunctions
  'to json': builtin(['value'], (value) => JSON.stringify(jsonOf(value))),
  'from json': builtin(['value'], (value) => {
    if (!isString(value)) return null;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }),
  // feelin has these, but reads fewer forms than feel-scala
  'get value': builtin(['context', 'key'], (context, key) => {
    const path = isList(key) ? key : [key];
    let current: unknown = context;
    for (const segment of path) {
      if (!isContext(current) || !isString(segment) || !(segment in current)) return null;
      current = current[segment];
    }
    return current;
  }),
  'string join': builtin(['list', 'delimiter', 'prefix', 'suffix'], (list, delimiter, prefix, suffix) => {
    if (!isList(list) || !list.every((item) => item === null || isString(item))) return null;
    const joined = list.filter(isString).join(isString(delimiter) ? delimiter : '');
    return `${isString(prefix) ? prefix : ''}${joined}${isString(suffix) ? suffix : ''}`;
  }),
  // feelin counts the days left over too; feel-scala gives whole years and months only
  'years and months duration': feelFunction(
    'function(from, to) (for months in [(date(to).year - date(from).year) * 12 + date(to).month - date(from).month' +
      ' - (if to >= from and date(to).day < date(from).day then 1 else if to < from and date(to).day > date(from).day then -1 else 0)]' +
      ' return if months < 0 then duration("-P" + string(abs(months)) + "M") else duration("P" + string(months) + "M"))[1]',
  ),
  // ListBuiltinFunctions
  sum: builtin(['...list'], (...items) => {
    const numbers = items.length === 1 && isList(items[0]) ? items[0] : items;
    if (numbers.length === 0 || !numbers.every((item): item is number => typeof item === 'number')) return null;
    return decimalSum(numbers);
  }),
  'duplicate values': builtin(['list'], (list) => {
    if (!isList(list)) return null;
    const distinct = list.filter((item, index) => list.findIndex((earlier) => sameValue(earlier, item)) === index);
    return distinct.filter((item) => list.filter((other) => sameValue(other, item)).length > 1);
  }),
  'is empty': builtin(['list'], (list) => (isList(list) ? list.length === 0 : null)),
  partition: builtin(['list', 'size'], (list, size) => {
    if (!isList(list) || typeof size !== 'number' || size < 1) return null;
    const parts: unknown[][] = [];
    for (let index = 0; index < list.length; index += size) parts.push(list.slice(index, index + size));
    return parts;
  }),
  // NumericBuiltinFunctions
  'random number': builtin([], () => Math.random()),
  // StringBuiltinFunctions
  extract: builtin(['input', 'pattern'], (input, pattern) => {
    if (!isString(input) || !isString(pattern)) return null;
    return [...input.matchAll(new RegExp(pattern, 'g'))].map((match) => match[0]);
  }),
  trim: builtin(['string'], (text) => (isString(text) ? text.trim() : null)),
  'is blank': builtin(['string'], (text) => (isString(text) ? text.trim() === '' : null)),
  'to base64': builtin(['value'], (text) => (isString(text) ? toBase64(text) : null)),
  uuid: builtin([], () => uuid()),
  // TemporalBuiltinFunctions
  'last day of month': feelFunction('function(d) date(date(d).year, date(d).month, 1) + duration("P1M") - duration("P1D")'),
};

/** The evaluation context: Camunda's extra built-ins under the process variables. */
export function withCamundaBuiltins(variables: Record<string, unknown>): Record<string, unknown> {
  return { ...camundaBuiltins, ...variables };
}
