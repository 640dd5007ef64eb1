/**
 * bpmn-engine (in memory, nothing durable) on the straight-through diagram. It reads neither
 * `zeebe:taskDefinition` nor FEEL, so it gets a variant of the same document with the same
 * elements, ids and flows: each service task's implementation is the `step` service, and
 * each condition calls `above(amount, limit)` (its expressions have no comparison operators).
 */
import { BpmnModdle } from 'bpmn-moddle';
import { Engine } from 'bpmn-engine';

const TASK_DEFINITION = /<bpmn:extensionElements>\s*<zeebe:taskDefinition type="bench\.step"[^>]*\/>\s*<\/bpmn:extensionElements>\s*/g;
const SERVICE_TASK = /<bpmn:serviceTask id="([^"]+)"/g;
const CONDITION = /(<bpmn:conditionExpression[^>]*>)=(\w+) &gt; (\d+)(<\/bpmn:conditionExpression>)/g;

/** The same diagram for bpmn-engine: only the task implementations and the condition syntax differ. */
export function bpmnEngineVariant(xml: string): string {
  const tasks = xml.match(SERVICE_TASK)?.length ?? 0;
  const conditions = (xml.match(/<bpmn:conditionExpression/g) ?? []).length;
  const out = xml
    .replace(TASK_DEFINITION, '')
    .replace(SERVICE_TASK, '<bpmn:serviceTask id="$1" implementation="${environment.services.step}"')
    .replace(CONDITION, '$1${environment.services.above(environment.variables.$2, $3)}$4');
  const converted = (out.match(/implementation="\$\{environment\.services\.step\}"/g) ?? []).length;
  const convertedConditions = (out.match(/environment\.services\.above\(/g) ?? []).length;
  if (converted !== tasks || convertedConditions !== conditions || out.includes('zeebe:taskDefinition')) {
    throw new Error(`bpmn-engine variant: converted ${converted}/${tasks} tasks and ${convertedConditions}/${conditions} conditions`);
  }
  return out;
}

export type Step = (instanceId: string, elementId: string, variables: Record<string, unknown>) => Promise<unknown>;

export interface BpmnEngineRunner {
  /** Runs one instance to its end; with `trace`, resolves with the sequence flows it took. */
  run(instanceId: string, variables: Record<string, unknown>, trace?: boolean): Promise<string[]>;
}

/** Parses the document once (as the compiler does at deployment); each run is a new Engine. */
export async function bpmnEngineRunner(xml: string, step: Step): Promise<BpmnEngineRunner> {
  const moddleContext = await new BpmnModdle().fromXML(bpmnEngineVariant(xml));
  return {
    run(instanceId, variables, trace = false) {
      const taken: string[] = [];
      const engine = new Engine({
        name: instanceId,
        moddleContext: moddleContext as never,
        variables: { ...variables },
        services: {
          step(context: { content: { id: string }; environment: { variables: Record<string, unknown> } }, callback: (error: unknown, result?: unknown) => void) {
            step(instanceId, context.content.id, context.environment.variables).then(
              (result) => callback(null, result),
              (error: unknown) => callback(error),
            );
          },
          above: (value: unknown, limit: number) => Number(value) > limit,
        },
      });
      return new Promise<string[]>((resolve, reject) => {
        engine.once('end', () => resolve(taken));
        engine.once('error', reject);
        if (trace) engine.broker.subscribeTmp('event', 'flow.take', (_routingKey, message) => taken.push(String((message.content as { id?: string }).id)), { noAck: true });
        engine.execute().catch(reject);
      });
    },
  };
}
