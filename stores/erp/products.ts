import { DomainError } from '../errors.js';
import { sqlState, type Db } from '../tx.js';

export interface Product {
  id: number;
  sku: string;
  name: string;
  price: number;
  unit: string;
  /** What one unit costs the company: stock and COGS are valued at it. */
  standardCost: number;
  taxRate: number;
}

export interface NewProduct {
  sku: string;
  name: string;
  price: number;
  unit?: string;
  standardCost?: number;
  taxRate?: number;
}

const columns = `id, sku, name, price, unit, standard_cost AS "standardCost", tax_rate AS "taxRate"`;

/** Master data, keyed by its SKU: a second product with the same SKU is DUPLICATE. */
export async function createProduct(db: Db, input: NewProduct): Promise<Product> {
  try {
    const { rows } = await db.query<Product>(
      `INSERT INTO erp.products (sku, name, price, unit, standard_cost, tax_rate)
       VALUES ($1, $2, $3, coalesce($4::text, 'pcs'), coalesce($5::numeric, 0), coalesce($6::numeric, 0.2)) RETURNING ${columns}`,
      [input.sku, input.name, input.price, input.unit ?? null, input.standardCost ?? null, input.taxRate ?? null],
    );
    return rows[0]!;
  } catch (error) {
    if (sqlState(error) === '23505') throw new DomainError('DUPLICATE', `A product with SKU ${input.sku} exists already`);
    throw error;
  }
}

export async function listProducts(db: Db): Promise<Product[]> {
  const { rows } = await db.query<Product>(`SELECT ${columns} FROM erp.products ORDER BY sku`);
  return rows;
}

export async function findProductBySku(db: Db, sku: string): Promise<Product | undefined> {
  const { rows } = await db.query<Product>(`SELECT ${columns} FROM erp.products WHERE sku = $1`, [sku]);
  return rows[0];
}
