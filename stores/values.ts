import { z } from 'zod';

/** Values the CRM and ERP take, shared by the API and the service tasks so both refuse the same things. */

/** A row id: JSON numbers in the API and in process variables alike (CONTRACT §2). */
export const id = z.number().int().positive();

/** Money: a JSON number with at most two decimals, kept as NUMERIC(14,2). */
export const money = z.number().nonnegative().max(999_999_999_999.99).multipleOf(0.01, 'at most two decimals');

/** A quantity: positive, at most three decimals (kilograms, metres), kept as NUMERIC(14,3). */
export const quantity = z.number().positive().max(99_999_999_999).multipleOf(0.001, 'at most three decimals');

export const sku = z.string().trim().min(1).max(64);

/**
 * A row id as a process variable: forms and message payloads often carry it as a
 * numeric string ("1"), which is read as the number (CONTRACT §4).
 */
export const variableId = z.preprocess((value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value), id);
