/**
 * Quantities are NUMERIC(14,3) in the database and JSON numbers outside. Arithmetic on
 * them in JavaScript is done in integer thousandths so that 0.1 + 0.2 stays 0.3.
 */
export const toMilli = (quantity: number): number => Math.round(quantity * 1000);
export const fromMilli = (milli: number): number => milli / 1000;
