import { DomainError } from '../errors.js';
import { sqlState, type Db } from '../tx.js';

export interface Warehouse {
  id: number;
  code: string;
  name: string;
}

export async function createWarehouse(db: Db, input: { code: string; name: string }): Promise<Warehouse> {
  try {
    const { rows } = await db.query<Warehouse>(`INSERT INTO erp.warehouses (code, name) VALUES ($1, $2) RETURNING id, code, name`, [input.code, input.name]);
    return rows[0]!;
  } catch (error) {
    if (sqlState(error) === '23505') throw new DomainError('DUPLICATE', `A warehouse with code ${input.code} exists already`);
    throw error;
  }
}

export async function listWarehouses(db: Db): Promise<Warehouse[]> {
  const { rows } = await db.query<Warehouse>(`SELECT id, code, name FROM erp.warehouses ORDER BY code`);
  return rows;
}

export async function findWarehouse(db: Db, code: string): Promise<Warehouse | undefined> {
  const { rows } = await db.query<Warehouse>(`SELECT id, code, name FROM erp.warehouses WHERE code = $1`, [code]);
  return rows[0];
}
