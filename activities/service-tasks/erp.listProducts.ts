import { z } from 'zod';
import { listProducts } from '../../stores/erp/products.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({});

/**
 * The ERP catalogue for a form to choose from: each product with `label` and `value`
 * (its SKU), as form-js select fields read options from a variable (`valuesKey`), plus
 * its price and tax rate for FEEL to price the lines. Changes nothing.
 */
export const erpListProducts: ServiceTaskType<z.infer<typeof input>> = {
  type: 'erp.listProducts',
  input,
  resultVariable: 'products',
  async run(_request, { pool }) {
    const products = await listProducts(pool);
    return products.map((product) => ({
      value: product.sku,
      label: `${product.name} (${product.sku}), ${product.price.toFixed(2)} per ${product.unit}`,
      sku: product.sku,
      name: product.name,
      price: product.price,
      taxRate: product.taxRate,
      unit: product.unit,
    }));
  },
};
