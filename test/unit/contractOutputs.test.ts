import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { appChannels } from '../../shared/contract/app';
import { instancesChannels } from '../../shared/contract/instances';
import { preferencesChannels } from '../../shared/contract/preferences';
import { pinOf } from '../support/certificatePin';
import { makeSelfSignedCertificate } from '../support/selfSignedCertificate';
import { useRosterCores, valueOf } from './support/rosterCore';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

/** The groups these tests own (the directory has its own tests, over a real database and keychain). */
const foundation = { ...appChannels, ...instancesChannels, ...preferencesChannels };
type FoundationChannel = keyof typeof foundation;
const foundationNames = Object.keys(foundation) as FoundationChannel[];

/** Nothing listens there: connecting is refused at once, which is still an answer in the declared shape. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9';
const remoteSettings = { url: CLOSED_PORT_URL, username: 'owner', timeoutSeconds: 2 };

/** A certificate of its own to trust, as the trust dialog sends it. */
const pin = () => pinOf(makeSelfSignedCertificate(tempDir('roster-pin-')).certFile);

interface Ids {
  local: string;
  remote: string;
}

/** A valid call per channel against a fresh core with one local and one remote instance. */
const calls: Record<FoundationChannel, (ids: Ids) => unknown> = {
  'app.info': () => ({}),
  'app.openLogsFolder': () => ({}),
  'instances.list': () => ({}),
  'instances.addLocal': () => ({ name: 'Added', mode: 'create' }),
  'instances.addRemote': () => ({ name: 'Other', ...remoteSettings, username: 'other', password: 'pw' }),
  'instances.editRemote': ({ remote }) => ({ id: remote, name: 'Edited', ...remoteSettings }),
  'instances.testConnection': ({ remote }) => ({ id: remote, ...remoteSettings }),
  'instances.changePassword': ({ remote }) => ({ id: remote, ...remoteSettings, newPassword: 'new-pw' }),
  'instances.trustCertificate': ({ remote }) => ({ id: remote, certificate: pin() }),
  'instances.forgetCertificate': ({ remote }) => ({ id: remote }),
  'instances.connect': ({ remote }) => ({ id: remote }),
  'instances.disconnect': ({ remote }) => ({ id: remote }),
  'instances.rename': ({ local }) => ({ id: local, name: 'Renamed' }),
  'instances.remove': ({ remote }) => ({ id: remote }),
  'preferences.get': () => ({}),
  'preferences.setTheme': () => ({ theme: 'light' }),
  'preferences.setUserColumns': () => ({ columns: ['created'] }),
  'preferences.setExpandedInstances': ({ local }) => ({ instanceIds: [local] }),
  'preferences.noteCommandRun': () => ({ command: 'help.about' }),
  'preferences.setRecentInstances': ({ local }) => ({ instanceIds: [local] }),
};

describe('what the services give back', () => {
  it('has a call for every channel of the app, instances and preferences groups', () => {
    expect(Object.keys(calls).sort()).toEqual([...foundationNames].sort());
  });

  it.each(foundationNames)('%s answers in the shape its contract declares', async (name) => {
    const { core } = openCore(tempDir());
    const listed = valueOf(await core.dispatch('instances.list', {}));
    const [local] = contract['instances.list'].output.parse(listed);
    const added = valueOf(
      await core.dispatch('instances.addRemote', { name: 'Remote', ...remoteSettings, password: 'pw' }),
    );
    const remote = contract['instances.addRemote'].output.parse(added);
    const call = Object.hasOwn(calls, name) ? calls[name] : undefined;
    if (!call) throw new Error(`contractOutputs.test.ts has no call for channel "${name}"`);
    const value = valueOf(await core.dispatch(name, call({ local: local?.id ?? '', remote: remote.id })));
    const parsed = contract[name].output.safeParse(value);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
