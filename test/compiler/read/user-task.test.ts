import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';
import { laneGroupName } from '../../../compiler/read/lanes.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('user task', () => {
  it('should read assignment, schedule, priority and form', async () => {
    // given
    // when
    const result = await compile('UserTask.assignment.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.elements['middle']).toMatchObject({
      kind: 'userTask',
      name: 'Approve discount',
      assignee: { kind: 'feel', source: 'deal.owner' },
      candidateGroups: { kind: 'list', values: ['sales', 'sales-managers'] },
      candidateUsers: { kind: 'feel', source: 'approvers' },
      laneCandidateGroup: null,
      dueDate: { kind: 'feel', source: 'now() + duration("P2D")' },
      followUpDate: { kind: 'literal', value: '2030-01-01T09:00:00Z' },
      priority: { kind: 'literal', value: '75' },
      form: { kind: 'formId', formId: 'approve-discount' },
    });
  });

  it('should carry bpmn:documentation as instructions, line breaks kept', async () => {
    // given
    // when
    const result = await compile('UserTask.instructions.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.elements['middle']).toMatchObject({
      instructions: 'Open the client card and compare the open balance with the credit limit.\nApprove only when the order fits; otherwise call the client.',
    });
    expect((await compile('UserTask.assignment.bpmn')).processes[0]?.elements['middle']).toMatchObject({ instructions: null });
  });

  it('should deploy a task nobody owns with a warning that it is open to everyone', async () => {
    // given
    // when
    const result = await compile('UserTask.without-owner.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(idsOf(result.warnings)).toEqual(['middle']);
    expect(result.warnings[0]?.message).toContain('open to every employee');
    expect(result.processes[0]?.elements['middle']).toMatchObject({ assignee: null, candidateGroups: null, candidateUsers: null, laneCandidateGroup: null });
  });

  it.each([
    ['UserTask.bad-assignee-feel.bpmn', 'not valid FEEL'],
    ['UserTask.bad-due-date.bpmn', 'due date does not parse'],
  ])('should reject %s at the task', async (file, reason) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(idsOf(result.errors)).toEqual(['middle']);
    expect(result.errors[0]?.message).toContain(reason);
  });

  it.each([
    ['Sales', 'sales'],
    ['Sales Managers', 'sales-managers'],
    ['  Back   Office ', 'back-office'],
  ])('should name lane %j as group %j', (lane, group) => {
    expect(laneGroupName(lane)).toBe(group);
  });
});
