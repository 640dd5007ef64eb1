import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../processes/bpmn/', import.meta.url);
/** The shipped processes that have human steps. */
const shipped = readdirSync(dir).filter((file) => file.endsWith('.bpmn') && readFileSync(new URL(file, dir), 'utf8').includes('<bpmn:userTask'));

describe('shipped processes', () => {
  it.each(shipped)('should give every human step of %s instructions for the person who does it', (file) => {
    // given
    const xml = readFileSync(new URL(file, dir), 'utf8');
    // when
    const userTasks = [...xml.matchAll(/<bpmn:userTask id="([^"]+)"[^>]*>([\s\S]*?)<\/bpmn:userTask>/g)].map(([, id, body]) => ({
      id,
      instructions: /<bpmn:documentation>([\s\S]*?)<\/bpmn:documentation>/.exec(body!)?.[1]?.trim() ?? '',
    }));
    // then: a sentence or two, not a label
    expect(userTasks.length).toBeGreaterThan(0);
    for (const task of userTasks) expect(task.instructions.length, `${file} ${task.id}`).toBeGreaterThan(60);
  });
});
