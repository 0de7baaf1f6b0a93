import { describe, expect, it } from 'vitest';
import type { InstanceView } from '../../shared/domain/instance';
import { appliesTo, targetsOf } from '../../renderer/src/commands/instanceTargets';

const remote = (id: string, state: InstanceView['state'], stateKind?: InstanceView['stateKind']) =>
  ({ id, name: id, kind: 'remote', state, ...(stateKind ? { stateKind } : {}) }) as InstanceView;
const local = { id: 'local', name: 'Local', kind: 'local', state: 'connected' } as InstanceView;

/** Which instances the connection commands act on: the navigator's menu, the menu bar and the palette ask the same. */
describe('the connection commands', () => {
  it.each([
    ['connected', false, true],
    ['connecting', false, true],
    ['offline', true, false],
    // In error: Retry connects again, and Disconnect leaves it offline (and ends the kept session).
    ['error', true, true],
  ] as const)('on a remote instance %s: Connect %s, Disconnect %s', (state, connect, disconnect) => {
    expect(appliesTo('instance.connect', remote('r', state))).toBe(connect);
    expect(appliesTo('instance.disconnect', remote('r', state))).toBe(disconnect);
  });

  it('never offer Connect again for a password the server refused, nor either on a local instance', () => {
    expect(appliesTo('instance.connect', remote('r', 'error', 'credentials'))).toBe(false);
    expect(appliesTo('instance.disconnect', remote('r', 'error', 'credentials'))).toBe(true);
    expect(appliesTo('instance.connect', local)).toBe(false);
    expect(appliesTo('instance.disconnect', local)).toBe(false);
  });

  it('target the selected instance first, then the others in the navigator’s order', () => {
    const instances = [local, remote('a', 'connected'), remote('b', 'offline'), remote('c', 'error')];
    expect(targetsOf('instance.disconnect', instances, 'c').map((i) => i.id)).toEqual(['c', 'a']);
    expect(targetsOf('instance.connect', instances, undefined).map((i) => i.id)).toEqual(['b', 'c']);
  });
});
