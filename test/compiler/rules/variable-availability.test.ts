import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileBpmn, type ServiceTaskSignatures } from '../../../compiler/index.js';

const types: ServiceTaskSignatures = new Map([
  ['crm.getClientCard', { requiredInputs: ['clientId'], resultVariable: 'client' }],
  ['erp.createSalesOrder', { requiredInputs: ['clientId', 'lines'], resultVariable: 'order' }],
]);
const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

describe('variable availability rule', () => {
  it('should warn, naming element and variable, where a read is not provided on every path', async () => {
    // given: discountPercent is set on one branch only; lines nowhere
    // when
    const result = await compileBpmn(fixture('VariableAvailability.paths.bpmn'), { serviceTaskTypes: types });
    // then: start variables, result variables and output targets count as provided
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      { elementId: 'createOrder', message: expect.stringContaining('"discountPercent" (input mapping to discount)') },
      { elementId: 'createOrder', message: expect.stringContaining('"lines" (input of erp.createSalesOrder)') },
    ]);
  });

  it('should find nothing to warn about in the shipped processes', async () => {
    // given
    const { serviceTaskSignatures } = await import('../../../activities/registry.js');
    for (const file of ['hello.bpmn', 'lead-to-cash.bpmn', 'order-to-cash.bpmn', 'crm-follow-up.bpmn']) {
      // when
      const result = await compileBpmn(readFileSync(new URL(`../../../processes/bpmn/${file}`, import.meta.url), 'utf8'), { serviceTaskTypes: serviceTaskSignatures() });
      // then
      expect({ file, errors: result.errors, warnings: result.warnings }).toEqual({ file, errors: [], warnings: [] });
    }
  });
});

describe('service task types rule', () => {
  it('should reject a type the registry does not serve, naming the element and the known types', async () => {
    // given
    // when
    const result = await compileBpmn(fixture('ServiceTaskTypes.unknown.bpmn'), { serviceTaskTypes: types });
    // then
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { elementId: 'Task_magic', message: 'No service-task type "magic.doesNotExist" is registered; the known types are: crm.getClientCard, erp.createSalesOrder.' },
    ]);
  });

  it('should reject an execution listener type the registry does not serve, on an element and on the process', async () => {
    // given
    // when
    const result = await compileBpmn(fixture('ServiceTaskTypes.unknown-listener.bpmn'), { serviceTaskTypes: types });
    // then: a FEEL type is checked per job at run time
    expect(result.errors).toEqual([
      { elementId: 'route', message: 'No service-task type "magic.doesNotExist" is registered for the start execution listener; the known types are: crm.getClientCard, erp.createSalesOrder.' },
      { elementId: 'unknownListenerType', message: expect.stringContaining('"audit.processEnded" is registered for the end execution listener') },
    ]);
  });

  it('should leave types unchecked when the caller passes no registry (the compiler stays pure)', async () => {
    // given
    // when
    const result = await compileBpmn(fixture('ServiceTaskTypes.unknown.bpmn'));
    // then
    expect(result.ok).toBe(true);
  });
});
