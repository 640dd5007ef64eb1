/**
 * BPMN 2.0 XML in, compiled process models and every problem out. Runs at deployment
 * (Node only, never inside a workflow): parse safely, read each executable process,
 * then run the structural rules. It never throws for bad input.
 */
import type { ProcessModel } from './model.js';
import { children, text, type ModdleNode } from './moddle-node.js';
import { parseBpmnXml } from './parse-xml.js';
import { ProblemReport, type Problem } from './problems.js';
import { readProcess } from './read/read-process.js';
import type { ServiceTaskSignatures } from './rules/deployment-rule.js';
import { PROCESS_RULES } from './rules/index.js';
import { checkServiceTaskTypes } from './rules/service-task-types.js';
import { checkVariableAvailability } from './rules/variable-availability.js';

export interface CompileOptions {
  /**
   * The service-task types this installation serves (from the worker's registry, passed
   * by the deploying API). With them an unknown type is an error and the variables a
   * type requires are checked; without them (tools, tests) job results count as unknown.
   */
  serviceTaskTypes?: ServiceTaskSignatures;
}

export interface CompileResult {
  /** True when there are no errors and at least one executable process. */
  ok: boolean;
  /** The compiled executable processes; empty unless `ok`, so no half-read model escapes. */
  processes: ProcessModel[];
  errors: Problem[];
  warnings: Problem[];
}

export async function compileBpmn(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  const report = new ProblemReport();
  let processes: ProcessModel[] = [];
  try {
    const definitions = await parseBpmnXml(xml, report);
    if (definitions) processes = compileDefinitions(definitions, report, options);
  } catch (failure) {
    // A compiler bug must still reach the designer as a problem, not as a 500.
    const reason = failure instanceof Error ? failure.message : String(failure);
    report.error(null, `The compiler could not read this document (${reason}); please report it with the file.`);
  }
  const ok = !report.hasErrors && processes.length > 0;
  return { ok, processes: ok ? processes : [], errors: report.errors, warnings: report.warnings };
}

/**
 * Every executable `bpmn:process` is compiled, including each pool of a collaboration.
 * A non-executable process is an error when nothing else in the document is
 * executable (the designer forgot the flag), but only a warning next to an executable
 * one: collaboration diagrams often draw a partner's pool that is not ours to run.
 */
function compileDefinitions(definitions: ModdleNode, report: ProblemReport, options: CompileOptions): ProcessModel[] {
  const processes = children(definitions, 'rootElements').filter((node) => node.$type === 'bpmn:Process');
  if (processes.length === 0) {
    report.error(null, 'The document contains no process.');
    return [];
  }
  const executable = processes.filter((process) => process.isExecutable === true);
  for (const process of processes) {
    if (process.isExecutable === true) continue;
    const id = text(process, 'id');
    if (executable.length === 0) {
      report.error(id, 'The process is not executable: tick "Executable" in the modeler (isExecutable="true").');
    } else {
      report.warning(id, 'The process is not executable and is not deployed; only executable processes run.');
    }
  }
  const compiled: ProcessModel[] = [];
  for (const process of executable) {
    const id = text(process, 'id');
    if (!id) {
      report.error(null, 'A process has no id; the id is its deployment key.');
      continue;
    }
    const { model, outline } = readProcess(process, id, report);
    for (const rule of PROCESS_RULES) rule(model, outline, report);
    if (options.serviceTaskTypes) checkServiceTaskTypes(model, options.serviceTaskTypes, report);
    checkVariableAvailability(model, options.serviceTaskTypes ?? null, report);
    compiled.push(model);
  }
  return compiled;
}
