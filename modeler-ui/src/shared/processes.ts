import type { Api } from './api.js';
import type { ProcessDefinition } from './contract.js';

/** Deployed processes (latest versions), by key, for showing names instead of keys. */
export async function processNames(api: Api): Promise<Map<string, string>> {
  try {
    const definitions = await api<ProcessDefinition[]>('/api/process-definitions');
    return new Map(definitions.map((definition) => [definition.key, definition.name || definition.key]));
  } catch {
    return new Map();
  }
}

/** A definition's XML, cached per key and version (deployed versions never change). */
const xmlCache = new Map<string, Promise<ProcessDefinition>>();
export function definitionOf(api: Api, key: string, version?: number): Promise<ProcessDefinition> {
  const id = `${key}@${version ?? 'latest'}`;
  if (!xmlCache.has(id) || version === undefined) {
    const loading = api<ProcessDefinition>(`/api/process-definitions/${encodeURIComponent(key)}${version ? `?version=${version}` : ''}`);
    loading.catch(() => xmlCache.delete(id));
    xmlCache.set(id, loading);
  }
  return xmlCache.get(id)!;
}
