import { validateZeebe } from '@bpmn-io/element-templates-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { serviceTaskTypes } from '../../activities/registry.js';

interface Property {
  type: string;
  value?: string;
  optional?: boolean;
  binding: { type: string; name?: string; property?: string; source?: string };
}
interface Template {
  id: string;
  name: string;
  properties: Property[];
}

const folder = new URL('../../element-templates/', import.meta.url);
const templates = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, template: JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as Template }));
const typeOf = (template: Template) => template.properties.find((property) => property.binding.type === 'zeebe:taskDefinition' && property.binding.property === 'type')?.value;

describe('the element templates in element-templates/', () => {
  it('should have one template for every shipped service-task type, and none for a type no worker serves', () => {
    // then
    expect(templates.map(({ template }) => typeOf(template)).sort()).toEqual([...serviceTaskTypes.keys()].sort());
  });

  it.each(templates)('should be a valid Camunda 8 element template: $file', ({ template }) => {
    // when
    const { valid, errors } = validateZeebe(template);
    // then
    expect(errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each(templates)('should map every variable the task type reads: $file', ({ template }) => {
    // given
    const taskType = serviceTaskTypes.get(typeOf(template) ?? '')!;
    const shape = (taskType.input as unknown as z.ZodObject<z.ZodRawShape>).shape;
    const required = Object.entries(shape)
      .filter(([, schema]) => !(schema as z.ZodType).safeParse(undefined).success)
      .map(([name]) => name);
    // when
    const inputs = template.properties.filter((property) => property.binding.type === 'zeebe:input');
    // then
    expect(inputs.map((input) => input.binding.name)).toEqual(expect.arrayContaining(required));
    for (const input of inputs) expect(input.optional ?? false, input.binding.name).toBe(!required.includes(input.binding.name!));
    expect(template.properties.find((property) => property.binding.type === 'zeebe:output')?.binding.source).toBe(`=${taskType.resultVariable}`);
  });
});
