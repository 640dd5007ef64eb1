/**
 * Every variable a step reads should be provided before it on every path that reaches
 * it: by the start event (its declared start variables), a form, an output mapping, a
 * result variable. A must-availability data-flow analysis over the sequence flows
 * (a loop cannot provide what its first pass needs); a read that nothing certainly
 * provides is a warning naming the element and the variable, never an error: the
 * process still runs, and the variable may come from a message or an API call.
 */
import { variablesRead } from '../feel-variables.js';
import { formFieldKeys } from '../form-fields.js';
import type { Expression, FlowElement, NameListExpression, ProcessModel } from '../model.js';
import type { ProblemReport } from '../problems.js';
import type { ServiceTaskSignatures } from './deployment-rule.js';

/** A set of variable names, or "anything may be here" (unknown results). */
type Available = ReadonlySet<string> | 'any';

const NOTHING: ReadonlySet<string> = new Set();

function union(available: Available, names: Iterable<string> | 'any'): Available {
  if (available === 'any' || names === 'any') return 'any';
  return new Set([...available, ...names]);
}

function intersect(sets: Available[]): Available {
  const known = sets.filter((set): set is ReadonlySet<string> => set !== 'any');
  if (known.length === 0) return 'any';
  return new Set([...known[0]!].filter((name) => known.every((set) => set.has(name))));
}

function same(a: Available | undefined, b: Available): boolean {
  if (a === undefined) return false;
  if (a === 'any' || b === 'any') return a === b;
  return a.size === b.size && [...a].every((name) => b.has(name));
}

function feel(expression: Expression | null | undefined): string | null {
  return expression?.kind === 'feel' ? expression.source : null;
}

function nameListFeel(names: NameListExpression | null): string | null {
  return names?.kind === 'feel' ? names.source : null;
}

/** Where a job's result lands: the called decision's result variable, else the type's; undefined when unknown. */
function jobResultVariable(element: FlowElement, signatures: ServiceTaskSignatures | null): string | undefined {
  if ('calledDecision' in element && element.calledDecision) return element.calledDecision.resultVariable;
  const job = 'job' in element ? element.job : null;
  return job ? signatures?.get(job.taskType)?.resultVariable : undefined;
}

/** What an element certainly leaves behind for the steps after it. */
function provides(element: FlowElement, signatures: ServiceTaskSignatures | null): Iterable<string> | 'any' {
  const outputs = element.ioMapping.outputs.map((output) => output.target);
  const withCollection = (names: Iterable<string> | 'any') =>
    'multiInstance' in element && element.multiInstance?.outputCollection ? union(names === 'any' ? 'any' : new Set(names), [element.multiInstance.outputCollection]) : names;
  if (outputs.length > 0) return withCollection(outputs);
  const job = 'job' in element ? element.job : null;
  if (job) {
    const result = jobResultVariable(element, signatures);
    return withCollection(result ? [result] : 'any');
  }
  switch (element.kind) {
    case 'scriptTask':
      return withCollection(element.script ? [element.script.resultVariable] : []);
    case 'userTask':
      if (element.form?.kind === 'embedded') return withCollection(formFieldKeys(element.form.schema));
      return withCollection(element.form ? 'any' : []);
    case 'callActivity':
      return withCollection(element.propagateAllChildVariables ? 'any' : []);
    case 'startEvent':
      if (element.event.type === 'message') return 'any';
      return element.declaredVariables ?? [];
    default:
      return withCollection([]);
  }
}

export function checkVariableAvailability(process: ProcessModel, signatures: ServiceTaskSignatures | null, report: ProblemReport): void {
  const elements = Object.values(process.elements);
  const predecessors = new Map<string, string[]>();
  for (const flow of Object.values(process.flows)) predecessors.set(flow.targetRef, [...(predecessors.get(flow.targetRef) ?? []), flow.sourceRef]);

  const into = new Map<string, Available>();
  const out = new Map<string, Available>();
  const inOf = (element: FlowElement): Available => {
    if (element.kind === 'boundaryEvent') return into.get(element.attachedToRef) ?? 'any';
    if (element.kind === 'startEvent') {
      // A sub-process start sees what its sub-process was entered with, plus its inner locals.
      if (element.parentId === process.id) return process.executionListeners ? 'any' : NOTHING;
      const parent = process.elements[element.parentId];
      return parent ? union(into.get(parent.id) ?? 'any', innerLocals(parent)) : 'any';
    }
    const from = predecessors.get(element.id) ?? [];
    return intersect(from.map((id) => out.get(id) ?? 'any'));
  };
  const outOf = (element: FlowElement, available: Available): Available => {
    // Execution listener jobs may set any variable (their workers decide, no signature says which).
    if (element.executionListeners) return 'any';
    if (element.kind === 'subProcess' && element.ioMapping.outputs.length === 0) {
      const ends = elements.filter((inner) => inner.parentId === element.id && inner.outgoing.length === 0 && inner.kind !== 'boundaryEvent');
      return union(available, intersect(ends.map((end) => out.get(end.id) ?? 'any')));
    }
    return union(available, provides(element, signatures));
  };

  for (let pass = 0; pass < elements.length + 2; pass++) {
    let changed = false;
    for (const element of elements) {
      const available = inOf(element);
      const leaving = outOf(element, available);
      if (!same(into.get(element.id), available) || !same(out.get(element.id), leaving)) changed = true;
      into.set(element.id, available);
      out.set(element.id, leaving);
    }
    if (!changed) break;
  }

  for (const element of elements) {
    const available = element.executionListeners?.some((listener) => listener.eventType === 'start') ? 'any' : (into.get(element.id) ?? 'any');
    if (available === 'any') continue;
    for (const { variable, where } of reads(element, available, process, signatures)) {
      report.warning(
        element.id,
        `Reads variable "${variable}" (${where}), which no earlier step is certain to provide on every path here: declare it as a start variable, or let a form, an output mapping or a result variable provide it.`,
      );
    }
  }
}

/** Variables an element's own scope has before its input mappings: multi-instance locals. */
function innerLocals(element: FlowElement): string[] {
  if (!('multiInstance' in element) || !element.multiInstance) return [];
  return ['loopCounter', ...(element.multiInstance.inputElement ? [element.multiInstance.inputElement] : [])];
}

interface Read {
  variable: string;
  where: string;
}

function reads(element: FlowElement, entering: ReadonlySet<string>, process: ProcessModel, signatures: ServiceTaskSignatures | null): Read[] {
  const found: Read[] = [];
  let available = new Set(entering);
  const check = (source: string | null, where: string) => {
    if (source === null) return;
    for (const variable of variablesRead(source)) if (!available.has(variable)) found.push({ variable, where });
  };
  const loop = 'multiInstance' in element ? element.multiInstance : null;
  if (loop) {
    check(loop.inputCollection, 'multi-instance input collection');
    available = new Set([...available, ...innerLocals(element)]);
  }
  for (const input of element.ioMapping.inputs) {
    check(feel(input.source), `input mapping to ${input.target}`);
    available.add(input.target);
  }
  const job = 'job' in element ? element.job : null;
  if (job && signatures) {
    for (const name of signatures.get(job.taskType)?.requiredInputs ?? []) {
      if (!available.has(name)) found.push({ variable: name, where: `input of ${job.taskType}` });
    }
  }
  if ('event' in element && element.event.type === 'message') check(feel(element.event.correlationKey), 'correlation key');
  if ('event' in element && element.event.type === 'timer') check(feel(element.event.timer.source), 'timer');
  switch (element.kind) {
    case 'userTask':
      check(feel(element.assignee), 'assignee');
      check(nameListFeel(element.candidateGroups), 'candidate groups');
      check(nameListFeel(element.candidateUsers), 'candidate users');
      check(feel(element.dueDate), 'due date');
      check(feel(element.followUpDate), 'follow-up date');
      check(feel(element.priority), 'priority');
      break;
    case 'scriptTask':
      check(element.script?.expression ?? null, 'script');
      break;
    case 'callActivity':
      check(feel(element.calledProcessId), 'called process');
      break;
    case 'exclusiveGateway':
    case 'inclusiveGateway':
      for (const flowId of element.outgoing) check(process.flows[flowId]?.condition ?? null, `condition of ${flowId}`);
      break;
    default:
      break;
  }
  // Output mappings also see what the step itself produced; a message's payload is unknown here.
  const produced = element.kind === 'userTask' ? 'completedBy' : null;
  const isMessage = 'event' in element && element.event.type === 'message';
  const result = job ? jobResultVariable(element, signatures) : element.kind === 'scriptTask' ? element.script?.resultVariable : undefined;
  if (!isMessage && element.kind !== 'callActivity' && element.kind !== 'subProcess') {
    if (produced) available.add(produced);
    if (result) available.add(result);
    if (element.kind === 'userTask' && element.form?.kind === 'embedded') for (const key of formFieldKeys(element.form.schema)) available.add(key);
    const unknownResult = (job && !signatures?.get(job.taskType)) || (element.kind === 'userTask' && element.form !== null && element.form.kind !== 'embedded');
    if (!unknownResult) for (const output of element.ioMapping.outputs) check(feel(output.source), `output mapping to ${output.target}`);
  }
  return found;
}
