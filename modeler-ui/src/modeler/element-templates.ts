/**
 * The element templates of the shipped service-task types (element-templates/*.json at
 * the repository root, the same files Camunda Desktop Modeler reads).
 */
export interface ElementTemplate {
  id: string;
  name: string;
  properties: Array<{ type: string; value?: string; binding: { type: string; property?: string } }>;
}

const files = import.meta.glob<ElementTemplate>('../../../element-templates/*.json', { eager: true, import: 'default' });

export const elementTemplates: ElementTemplate[] = Object.values(files).sort((a, b) => a.name.localeCompare(b.name));

/** The task types the templates set: those a worker of ours serves. */
export const knownTaskTypes: ReadonlySet<string> = new Set(
  elementTemplates.flatMap((template) => template.properties.filter((property) => property.binding.type === 'zeebe:taskDefinition' && property.binding.property === 'type').map((property) => property.value ?? '')),
);
