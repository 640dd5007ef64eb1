import { describe, expect, it } from 'vitest';
import type { UserTaskElement } from '../../../compiler/model.js';
import { waysToOwn } from '../../../stores/bpm/responsibilities.js';

const task = (owners: Partial<Pick<UserTaskElement, 'assignee' | 'candidateGroups' | 'candidateUsers' | 'laneCandidateGroup'>>) =>
  ({ kind: 'userTask', id: 'step', assignee: null, candidateGroups: null, candidateUsers: null, laneCandidateGroup: null, ...owners }) as UserTaskElement;
const sam = { username: 'sam', groups: ['sales', 'managers'] };

describe('waysToOwn', () => {
  it.each([
    ['a literal assignee', task({ assignee: { kind: 'literal', value: 'sam' } }), [{ via: 'assignee' }]],
    ['someone else as assignee', task({ assignee: { kind: 'literal', value: 'ann' } }), []],
    ['a FEEL assignee', task({ assignee: { kind: 'feel', source: 'deal.owner' } }), [{ via: 'expression', expression: 'deal.owner', attribute: 'assignee' }]],
    ['a candidate user', task({ candidateUsers: { kind: 'list', values: ['ann', 'sam'] } }), [{ via: 'candidateUser' }]],
    ['two of my groups', task({ candidateGroups: { kind: 'list', values: ['sales', 'warehouse', 'managers'] } }), [{ via: 'candidateGroup', group: 'sales' }, { via: 'candidateGroup', group: 'managers' }]],
    ['FEEL groups', task({ candidateGroups: { kind: 'feel', source: 'teams' } }), [{ via: 'expression', expression: 'teams', attribute: 'candidateGroups' }]],
    ['my lane', task({ laneCandidateGroup: 'sales' }), [{ via: 'lane', group: 'sales' }]],
    ['a lane under explicit groups', task({ laneCandidateGroup: 'sales', candidateGroups: { kind: 'list', values: ['warehouse'] } }), []],
    ['another lane', task({ laneCandidateGroup: 'credit-control' }), []],
    ['nobody in particular', task({}), [{ via: 'everyone' }]],
  ])('should say how sam owns a step with %s', (_case, step, ways) => {
    // when / then
    expect(waysToOwn(step, sam)).toEqual(ways);
  });
});
