import { createClient, type NewClient } from './crm/clients.js';
import { createDeal, setDealStage, type DealStage } from './crm/deals.js';
import { logInteraction, type InteractionKind } from './crm/interactions.js';
import { createLead, type NewLead } from './crm/leads.js';
import type { Pool } from './db.js';
import { createProduct, findProductBySku, type NewProduct } from './erp/products.js';
import { receiveStock } from './erp/stock.js';
import { createWarehouse, findWarehouse } from './erp/warehouses.js';
import { DomainError } from './errors.js';
import { runOnce } from './idempotency.js';

interface DemoClient extends NewClient {
  ref: string;
  history: Array<[InteractionKind, string, string]>;
  /** Each stage with the days ago it was reached; the deal opened `openedDaysAgo` days ago. */
  deals: Array<{ ref: string; title: string; amount: number; openedDaysAgo: number; stages: Array<[DealStage, number]> }>;
}

const clients: DemoClient[] = [
  {
    ref: 'northwind',
    name: 'Northwind Traders',
    owner: 'sam.sales',
    creditLimit: 20000,
    legalEntities: [
      { name: 'Northwind Traders GmbH', taxId: 'DE811234567', address: 'Hafenstr. 1, Hamburg' },
      { name: 'Northwind Traders Ltd', taxId: 'GB123456789', address: '1 Dock Rd, London' },
    ],
    contacts: [
      { name: 'Nina Weber', role: 'Purchasing', email: 'nina.weber@northwind.example', phone: '+49 40 1234' },
      { name: 'Tom Hill', role: 'Accounts payable', email: 'ap@northwind.example' },
    ],
    history: [
      ['call', 'Intro call: restocking widgets quarterly', 'sam.sales'],
      ['meeting', 'Visited the Hamburg warehouse; they want faster delivery', 'sam.sales'],
      ['email', 'Sent the 2025 price list', 'sam.sales'],
    ],
    deals: [
      { ref: 'q3', title: 'Q3 widget restock', amount: 4800, openedDaysAgo: 30, stages: [['proposal', 26], ['negotiation', 19]] },
      { ref: 'pilot', title: 'Gadget pilot', amount: 1200, openedDaysAgo: 41, stages: [['proposal', 38], ['won', 33]] },
      { ref: 'cables', title: 'Warehouse cabling', amount: 900, openedDaysAgo: 24, stages: [['proposal', 22], ['negotiation', 17], ['won', 12]] },
      { ref: 'spares', title: 'Spare parts framework', amount: 6400, openedDaysAgo: 9, stages: [['proposal', 6]] },
    ],
  },
  {
    ref: 'contoso',
    name: 'Contoso Retail',
    owner: 'sam.sales',
    creditLimit: 5000,
    legalEntities: [{ name: 'Contoso Retail SAS', taxId: 'FR40303265045', address: '12 rue de Rivoli, Paris' }],
    contacts: [{ name: 'Claire Martin', role: 'Category manager', email: 'claire@contoso.example' }],
    history: [
      ['email', 'Asked for samples of the gizmo line', 'sam.sales'],
      ['note', 'Pays late: keep the credit limit tight', 'alice.accounting'],
    ],
    deals: [
      { ref: 'gizmo', title: 'Gizmo shelf launch', amount: 2500, openedDaysAgo: 5, stages: [] },
      { ref: 'samples', title: 'Gizmo samples', amount: 300, openedDaysAgo: 35, stages: [['won', 31]] },
    ],
  },
  {
    ref: 'fabrikam',
    name: 'Fabrikam Industries',
    owner: 'mia.manager',
    creditLimit: null,
    legalEntities: [{ name: 'Fabrikam Industries Inc', taxId: 'US94-1234567', address: '500 Main St, Seattle' }],
    contacts: [{ name: 'Frank Li', role: 'Operations', email: 'frank@fabrikam.example', phone: '+1 206 555 0100' }],
    history: [['sms', 'Confirmed delivery window for Monday', 'wes.warehouse']],
    deals: [
      { ref: 'lost', title: 'Annual framework contract', amount: 30000, openedDaysAgo: 40, stages: [['proposal', 35], ['negotiation', 28], ['lost', 21]] },
      { ref: 'retrofit', title: 'Line retrofit', amount: 12000, openedDaysAgo: 20, stages: [['proposal', 14], ['lost', 10]] },
    ],
  },
];

const leads: Array<NewLead & { ref: string }> = [
  { ref: 'globex', name: 'Greta Olsen', company: 'Globex Corporation', email: 'greta@globex.example', source: 'trade fair', owner: 'sam.sales' },
  { ref: 'initech', name: 'Ivan Petrov', company: 'Initech', email: 'ivan@initech.example', source: 'website', owner: 'sam.sales' },
  { ref: 'umbrella', name: 'Una Park', company: 'Umbrella Supplies', phone: '+44 20 5550 1234', source: 'referral' },
  { ref: 'contoso-expansion', name: 'Claire Martin', company: 'Contoso Retail', email: 'claire@contoso.example', source: 'existing client', owner: 'sam.sales' },
];

const products: NewProduct[] = [
  { sku: 'WID-100', name: 'Widget, steel', price: 120, unit: 'pcs', standardCost: 70, taxRate: 0.2 },
  { sku: 'GAD-200', name: 'Gadget, compact', price: 49.9, unit: 'pcs', standardCost: 22.5, taxRate: 0.2 },
  { sku: 'GIZ-300', name: 'Gizmo, deluxe', price: 315, unit: 'pcs', standardCost: 180, taxRate: 0.2 },
  { sku: 'CBL-010', name: 'Cable, per metre', price: 2.4, unit: 'm', standardCost: 0.9, taxRate: 0.2 },
];

const warehouses = [
  { code: 'MAIN', name: 'Main warehouse, Hamburg' },
  { code: 'EAST', name: 'East depot, Berlin' },
];

const stock: Array<[sku: string, warehouse: string, qty: number]> = [
  ['WID-100', 'MAIN', 120],
  ['WID-100', 'EAST', 40],
  ['GAD-200', 'MAIN', 300],
  ['GIZ-300', 'MAIN', 8],
  ['GIZ-300', 'EAST', 4],
  ['CBL-010', 'EAST', 1500.5],
];

/**
 * A living company for `BPM_DEMO=1`: clients with cards and history, leads, deals at
 * several stages, products with stock in two warehouses. Every write has a fixed
 * idempotency key, so running it again (every start) changes nothing.
 */
export async function seedDemoData(pool: Pool): Promise<void> {
  for (const warehouse of warehouses) if (!(await findWarehouse(pool, warehouse.code))) await createWarehouse(pool, warehouse).catch(unlessDuplicate);
  for (const product of products) if (!(await findProductBySku(pool, product.sku))) await createProduct(pool, product).catch(unlessDuplicate);
  for (const [sku, warehouse, qty] of stock) {
    const request = { sku, warehouse, qty };
    await runOnce(pool, 'erp', { key: `demo:receipt:${sku}:${warehouse}`, operation: 'erp.receiveStock', request }, (db, effect) => receiveStock(db, effect, request));
  }

  for (const { ref, history, deals, ...card } of clients) {
    const client = await runOnce(pool, 'crm', { key: `demo:client:${ref}`, operation: 'crm.createClient', request: card }, (db, effect) => createClient(db, effect, card));
    for (const [index, [kind, summary, by]] of history.entries()) {
      const request = { clientId: client.id, kind, summary, by };
      await runOnce(pool, 'crm', { key: `demo:interaction:${ref}:${index}`, operation: 'crm.logInteraction', request }, (db, effect) => logInteraction(db, effect, request));
    }
    for (const deal of deals) {
      // History with its real spacing, so the funnel's days in stage mean something. The
      // date stays out of the request (what a repeat is compared by): it moves every day.
      const request = { clientId: client.id, title: deal.title, amount: deal.amount, by: client.owner };
      const at = daysAgo(deal.openedDaysAgo);
      const created = await runOnce(pool, 'crm', { key: `demo:deal:${ref}:${deal.ref}`, operation: 'crm.createDeal', request }, (db, effect) => createDeal(db, effect, { ...request, at }));
      for (const [stage, ago] of deal.stages) {
        const move = { dealId: created.id, stage, by: client.owner };
        await runOnce(pool, 'crm', { key: `demo:deal:${ref}:${deal.ref}:${stage}`, operation: 'crm.setDealStage', request: move }, (db, effect) => setDealStage(db, effect, { ...move, at: daysAgo(ago) }));
      }
    }
  }

  for (const { ref, ...lead } of leads) {
    await runOnce(pool, 'crm', { key: `demo:lead:${ref}`, operation: 'crm.createLead', request: lead }, (db, effect) => createLead(db, effect, lead));
  }
}

/** A moment `days` before today, at 10:00 UTC. */
function daysAgo(days: number): string {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - days, 10)).toISOString();
}

/** Master data is keyed by code and SKU: another starter seeding at the same moment got there first. */
function unlessDuplicate(error: unknown): void {
  if (!(error instanceof DomainError && error.code === 'DUPLICATE')) throw error;
}
