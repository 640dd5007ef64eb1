/**
 * Cases in every state for `BPM_DEMO=1`, so that every screen has something true to show
 * on first start: waiting in each lane, one overdue, one incident, some completed. They are
 * driven the way people and the bank would (task completions by the demo employees,
 * a payment notice), through the running worker. Seeded once per database; the completed
 * ones are then dated back over the past weeks.
 */
import type { Client } from '@temporalio/client';
import { startInstance } from '../api/process-instances.js';
import { listClients } from '../stores/crm/clients.js';
import { listLeads } from '../stores/crm/leads.js';
import type { Pool } from '../stores/db.js';
import { findDefinition } from '../stores/bpm/definitions.js';
import { findInstance } from '../stores/bpm/instances.js';
import { completeTaskRow, openTasksOfInstance, type InboxTask } from '../stores/bpm/tasks.js';
import { completeTask, deliverMessage } from '../workflows/messages.js';

interface DemoDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
}

const DAY = 86_400_000;

export async function seedDemoCases(deps: DemoDeps, log: (line: string) => void): Promise<void> {
  const { rows } = await deps.pool.query(`SELECT 1 FROM bpm.process_instances WHERE business_key LIKE 'demo-%' LIMIT 1`);
  if (rows.length > 0) return;
  const clients = new Map((await listClients(deps.pool)).map((client) => [client.name, client]));
  const leads = new Map((await listLeads(deps.pool)).map((lead) => [lead.company ?? lead.name, lead]));
  const lead = (company: string) => String(leads.get(company)!.id);
  const client = (name: string) => clients.get(name)!;
  const run = new CaseRunner(deps);

  // Waiting in the Sales lane: a fresh lead to qualify.
  await run.start('lead-to-cash', 'demo-lead-globex', { leadId: lead('Globex Corporation') });

  // Waiting in Sales Managers' lane: 15 % off ten widgets.
  const initech = await run.start('lead-to-cash', 'demo-lead-initech', { leadId: lead('Initech') });
  await run.complete(initech, 'Task_qualifyLead', 'sam.sales', { qualified: true, qualificationNote: 'Budget approved for Q1' });
  await run.complete(initech, 'Task_prepareProposal', 'sam.sales', { title: 'Widgets for the Initech office', lines: [{ sku: 'WID-100', qty: 10 }], discountPercent: 15 });

  // Waiting in Accounting's lane: twenty gizmos would take Contoso past its credit limit.
  const contoso = await run.start('lead-to-cash', 'demo-lead-contoso', { leadId: lead('Contoso Retail') });
  await run.complete(contoso, 'Task_qualifyLead', 'sam.sales', { qualified: true });
  await run.complete(contoso, 'Task_prepareProposal', 'sam.sales', { title: 'Gizmo shelf, 20 stores', lines: [{ sku: 'GIZ-300', qty: 15 }, { sku: 'CBL-010', qty: 250 }], discountPercent: 5 });
  await run.complete(contoso, 'Task_recordDecision', 'sam.sales', { won: true });
  await run.task(contoso, 'Task_approveCredit');

  // Waiting in the Warehouse lane: an order to pick and pack.
  const northwind = client('Northwind Traders');
  await run.start('order-to-cash', 'demo-order-northwind-1', { clientId: northwind.id, lines: [{ sku: 'WID-100', qty: 12 }, { sku: 'GAD-200', qty: 30 }] });

  // Waiting for the client's payment (Accounting): shipped and invoiced.
  const shipped = await run.start('order-to-cash', 'demo-order-northwind-2', { clientId: northwind.id, lines: [{ sku: 'GAD-200', qty: 5 }] });
  await run.complete(shipped, 'Task_pickAndPack', 'wes.warehouse', { packages: 1 });

  // Overdue: a follow-up that was due yesterday.
  await run.start('crm-follow-up', 'demo-follow-up-contoso', {
    clientId: client('Contoso Retail').id,
    clientName: 'Contoso Retail',
    owner: client('Contoso Retail').owner,
    subject: 'Chase their feedback on the gizmo samples',
    dueAt: new Date(Date.now() - DAY).toISOString(),
    interactionId: null,
  });

  // An incident: an order for a product the catalogue no longer has.
  await run.start('order-to-cash', 'demo-order-incident', { clientId: client('Fabrikam Industries').id, lines: [{ sku: 'DISCONTINUED-1', qty: 1 }] });

  // Completed: a disqualified lead, an order paid in full, a greeting.
  const umbrella = await run.start('lead-to-cash', 'demo-lead-umbrella', { leadId: lead('Umbrella Supplies') });
  await run.complete(umbrella, 'Task_qualifyLead', 'sam.sales', { qualified: false, qualificationNote: 'No budget this year' });
  const paid = await run.start('order-to-cash', 'demo-order-fabrikam-paid', { clientId: client('Fabrikam Industries').id, lines: [{ sku: 'WID-100', qty: 2 }] });
  await run.complete(paid, 'Task_pickAndPack', 'wes.warehouse', { packages: 1 });
  const invoiceId = await run.until(paid, (variables) => variables.invoiceId);
  await deps.temporal.workflow.getHandle(paid).signal(deliverMessage, { name: 'payment-received', correlationKey: String(invoiceId), variables: { amount: 288 } });
  const hello = await run.start('hello', 'demo-hello', { name: 'demo company' });
  await backdate(deps.pool, run, [umbrella, 21], [paid, 14], [hello, 7]);
  log('Demo cases: waiting in every lane, one overdue follow-up, one incident, three completed');
}

/**
 * Completed cases as if they ran weeks ago, so cycle times and throughput over time have
 * a past to show: the summary and inbox rows (what the screens read) are shifted back.
 * Only demo rows are touched, and only once they are completed; the ledger never is.
 */
async function backdate(pool: Pool, run: CaseRunner, ...cases: Array<[instanceId: string, days: number]>): Promise<void> {
  for (const [instanceId, days] of cases) {
    await run.until(instanceId, (_variables, status) => (status === 'completed' ? true : undefined));
    const shift = `${days} days`;
    await pool.query(
      `UPDATE bpm.process_instances SET started_at = started_at - $2::interval, ended_at = ended_at - $2::interval, updated_at = updated_at - $2::interval
        WHERE instance_id = $1 AND status = 'completed' AND business_key LIKE 'demo-%'`,
      [instanceId, shift],
    );
    await pool.query(
      `UPDATE bpm.tasks SET created_at = created_at - $2::interval, completed_at = completed_at - $2::interval, due_at = due_at - $2::interval
        WHERE instance_id = $1 AND state = 'completed'`,
      [instanceId, shift],
    );
  }
}

/** Starts cases and completes their tasks as the named employee would. */
class CaseRunner {
  constructor(private readonly deps: DemoDeps) {}

  async start(processKey: string, businessKey: string, variables: Record<string, unknown>): Promise<string> {
    const definition = await findDefinition(this.deps.pool, processKey);
    if (!definition) throw new Error(`The demo needs the shipped process ${processKey}`);
    const started = await startInstance(this.deps, definition, { businessKey, variables, startedBy: 'system' });
    return started.instanceId;
  }

  async task(instanceId: string, elementId: string): Promise<InboxTask> {
    return poll(`${elementId} of ${instanceId}`, async () => (await openTasksOfInstance(this.deps.pool, instanceId)).find((task) => task.elementId === elementId));
  }

  async complete(instanceId: string, elementId: string, by: string, variables: Record<string, unknown>): Promise<void> {
    const task = await this.task(instanceId, elementId);
    await this.deps.temporal.workflow.getHandle(instanceId).executeUpdate(completeTask, { args: [{ taskId: task.id, variables, completedBy: by }] });
    await completeTaskRow(this.deps.pool, { taskId: task.id, completedBy: by, variables });
  }

  async until<T>(instanceId: string, read: (variables: Record<string, unknown>, status: string) => T | undefined): Promise<T> {
    return poll(`a step of ${instanceId}`, async () => {
      const instance = await findInstance(this.deps.pool, instanceId);
      return instance ? read(instance.variables as Record<string, unknown>, instance.status) : undefined;
    });
  }
}

async function poll<T>(what: string, read: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Demo cases: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
