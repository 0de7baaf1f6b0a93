import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { appChannels } from '../../shared/contract/app';
import { instancesChannels } from '../../shared/contract/instances';
import { preferencesChannels } from '../../shared/contract/preferences';
import { useRosterCores, valueOf } from './support/rosterCore';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

/** The groups these tests own (the directory has its own tests, over a real database and keychain). */
const foundation = { ...appChannels, ...instancesChannels, ...preferencesChannels };
type FoundationChannel = keyof typeof foundation;
const foundationNames = Object.keys(foundation) as FoundationChannel[];

/** A valid call per channel against a fresh core whose one instance is `localId`. */
const calls: Record<FoundationChannel, (localId: string) => unknown> = {
  'app.info': () => ({}),
  'instances.list': () => ({}),
  'instances.addLocal': () => ({ name: 'Added', mode: 'create' }),
  'instances.rename': (id) => ({ id, name: 'Renamed' }),
  'instances.remove': (id) => ({ id }),
  'preferences.get': () => ({}),
  'preferences.setTheme': () => ({ theme: 'light' }),
};

describe('what the services give back', () => {
  it('has a call for every channel of the app, instances and preferences groups', () => {
    expect(Object.keys(calls).sort()).toEqual([...foundationNames].sort());
  });

  it.each(foundationNames)('%s answers in the shape its contract declares', async (name) => {
    const { core } = openCore(tempDir());
    const listed = valueOf(await core.dispatch('instances.list', {}));
    const [local] = contract['instances.list'].output.parse(listed);
    const call = Object.hasOwn(calls, name) ? calls[name] : undefined;
    if (!call) throw new Error(`contractOutputs.test.ts has no call for channel "${name}"`);
    const value = valueOf(await core.dispatch(name, call(local?.id ?? '')));
    const parsed = contract[name].output.safeParse(value);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
