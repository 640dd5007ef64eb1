import { z } from 'zod';
import { timestamp } from './common.js';

const int = () => z.number().int();

export const productSchema = z
  .object({ id: int(), sku: z.string(), name: z.string(), price: z.number(), unit: z.string(), standardCost: z.number(), taxRate: z.number() })
  .meta({ id: 'Product' });

export const warehouseSchema = z.object({ id: int(), code: z.string(), name: z.string() }).meta({ id: 'Warehouse' });

export const stockLevelSchema = z.object({ sku: z.string(), warehouse: z.string(), onHand: z.number(), reserved: z.number() }).meta({ id: 'StockLevel' });

export const stockReceiptSchema = stockLevelSchema.extend({ moveId: int(), qty: z.number(), unitCost: z.number(), value: z.number() }).meta({ id: 'StockReceipt' });

export const stockValuationSchema = z
  .object({ sku: z.string(), warehouse: z.string(), onHand: z.number(), averageCost: z.number(), value: z.number() })
  .meta({ id: 'StockValuation' });

export const salesOrderSchema = z
  .object({
    id: int(),
    clientId: int(),
    legalEntityId: int().nullable(),
    dealId: int().nullable(),
    netTotal: z.number(),
    taxTotal: z.number(),
    total: z.number(),
    creditApprovedBy: z.string().nullable(),
    status: z.enum(['open', 'reserved', 'partly_shipped', 'shipped', 'invoiced']),
    createdAt: timestamp,
    lines: z.array(
      z.object({
        id: int(),
        lineNo: int(),
        productId: int(),
        sku: z.string(),
        name: z.string(),
        qty: z.number(),
        price: z.number(),
        taxRate: z.number(),
        qtyReserved: z.number(),
        qtyShipped: z.number(),
        qtyInvoiced: z.number(),
        qtyReturned: z.number(),
      }),
    ),
  })
  .meta({ id: 'SalesOrder' });

const invoiceStatus = z.enum(['issued', 'partly_paid', 'paid', 'cancelled']);

export const invoiceSchema = z
  .object({
    id: int(),
    orderId: int(),
    clientId: int(),
    legalEntityId: int().nullable(),
    netTotal: z.number(),
    taxTotal: z.number(),
    total: z.number(),
    amountPaid: z.number(),
    amountCredited: z.number(),
    outstanding: z.number(),
    status: invoiceStatus,
    issuedAt: timestamp,
    dueAt: timestamp,
    lines: z.array(
      z.object({ orderLineId: int(), sku: z.string(), qty: z.number(), price: z.number(), taxRate: z.number(), net: z.number(), tax: z.number() }),
    ),
  })
  .meta({ id: 'Invoice' });

export const creditNoteSchema = z
  .object({
    id: int(),
    invoiceId: int(),
    clientId: int(),
    netTotal: z.number(),
    taxTotal: z.number(),
    total: z.number(),
    reason: z.string(),
    issuedAt: timestamp,
    lines: z.array(z.object({ orderLineId: int(), qty: z.number() }).catchall(z.unknown())),
    invoice: z.object({ id: int(), status: z.string(), outstanding: z.number(), amountCredited: z.number() }),
  })
  .meta({ id: 'CreditNote' });

export const goodsReturnSchema = z
  .object({
    id: int(),
    orderId: int(),
    costTotal: z.number(),
    receivedAt: timestamp,
    lines: z.array(z.object({ orderLineId: int(), sku: z.string(), warehouse: z.string(), qty: z.number(), cost: z.number() })),
  })
  .meta({ id: 'GoodsReturn' });

export const shipmentSchema = z
  .object({
    id: int(),
    orderId: int(),
    costTotal: z.number(),
    shippedAt: timestamp,
    lines: z.array(z.object({ orderLineId: int(), sku: z.string(), warehouse: z.string(), qty: z.number(), unitCost: z.number(), cost: z.number() })),
  })
  .meta({ id: 'Shipment' });

export const paymentSchema = z
  .object({
    id: int(),
    invoiceId: int(),
    clientId: int(),
    amount: z.number(),
    reference: z.string().nullable(),
    receivedAt: timestamp,
    invoice: z.object({ id: int(), status: invoiceStatus, amountPaid: z.number(), outstanding: z.number() }),
  })
  .meta({ id: 'Payment' });

export const journalEntrySchema = z
  .object({
    id: int(),
    postedAt: timestamp,
    memo: z.string(),
    sourceType: z.string(),
    sourceId: int().nullable(),
    reversesEntryId: int().nullable(),
    lines: z.array(z.object({ account: z.string(), debit: z.number(), credit: z.number() })),
  })
  .meta({ id: 'JournalEntry' });

export const trialBalanceSchema = z
  .object({
    accounts: z.array(z.object({ code: z.string(), name: z.string(), debit: z.number(), credit: z.number(), balance: z.number() })),
    totalDebit: z.number(),
    totalCredit: z.number(),
  })
  .meta({ id: 'TrialBalance' });
