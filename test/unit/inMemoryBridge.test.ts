import { describe, expect, it, vi } from 'vitest';
import { createEventBus } from '../../electron/rpc/eventBus';
import { createInMemoryBridge } from '../../electron/rpc/inMemoryBridge';
import { typedClient } from '../../shared/contract/client';
import type { InstanceView } from '../../shared/domain/instance';
import { DEFAULT_PREFERENCES } from '../../shared/domain/preferences';
import { useRosterCores, valueOf } from './support/rosterCore';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

describe('typedClient over createInMemoryBridge', () => {
  it('makes a round trip to the services and back', async () => {
    const { core } = openCore(tempDir());
    const client = typedClient(createInMemoryBridge(core));
    const instances = valueOf(await client.invoke('instances.list', {}));
    expect(instances.map((instance) => instance.name)).toEqual(['Local']);
    const [local] = instances;
    const renamed = valueOf(await client.invoke('instances.rename', { id: local?.id ?? '', name: 'Desk' }));
    expect(renamed.name).toBe('Desk');
    expect(valueOf(await client.invoke('instances.list', {}))).toEqual([renamed]);
  });

  it('brings refusals back as data', async () => {
    const { core } = openCore(tempDir());
    const client = typedClient(createInMemoryBridge(core));
    const result = await client.invoke('preferences.setTheme', { theme: 'neon' as 'dark' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'theme' } });
  });

  it('delivers events to listeners of that event only, until they unsubscribe', async () => {
    const { core } = openCore(tempDir());
    const client = typedClient(createInMemoryBridge(core));
    const themes: string[] = [];
    const instanceLists: InstanceView[][] = [];
    const offTheme = client.on('preferences.changed', (payload) => themes.push(payload.theme));
    const offInstances = client.on('instances.changed', (payload) => instanceLists.push(payload));

    valueOf(await client.invoke('preferences.setTheme', { theme: 'dark' }));
    expect(themes).toEqual(['dark']);
    expect(instanceLists).toEqual([]);

    offTheme();
    valueOf(await client.invoke('preferences.setTheme', { theme: 'light' }));
    expect(themes).toEqual(['dark']);

    const [local] = valueOf(await client.invoke('instances.list', {}));
    valueOf(await client.invoke('instances.rename', { id: local?.id ?? '', name: 'Desk' }));
    expect(instanceLists.map((list) => list.map((instance) => instance.name))).toEqual([['Desk']]);
    offInstances();
    valueOf(await client.invoke('instances.rename', { id: local?.id ?? '', name: 'Desk 2' }));
    expect(instanceLists).toHaveLength(1);
  });

  it('gives each listener its own copy of a payload, as IPC would', async () => {
    const { core } = openCore(tempDir());
    const client = typedClient(createInMemoryBridge(core));
    const received: string[] = [];
    client.on('preferences.changed', (payload) => {
      received.push(payload.theme);
      (payload as { theme: string }).theme = 'tampered';
    });
    client.on('preferences.changed', (payload) => received.push(payload.theme));
    const result = valueOf(await client.invoke('preferences.setTheme', { theme: 'dark' }));
    expect(received).toEqual(['dark', 'dark']);
    expect(result).toMatchObject({ theme: 'dark' });
  });

  it('refuses input that IPC could not carry with a rejected promise', async () => {
    const { core } = openCore(tempDir());
    const bridge = createInMemoryBridge(core);
    const uncloneable = { theme: 'dark', callback: () => 'not data' };
    // A Promise-returning call must not throw synchronously: callers only handle rejection.
    let outcome: Promise<unknown> | undefined;
    expect(() => {
      outcome = bridge.invoke('preferences.setTheme', uncloneable);
    }).not.toThrow();
    await expect(outcome).rejects.toThrow();
  });
});

describe('createEventBus', () => {
  it('fans one event out to every listener, in subscription order', () => {
    const bus = createEventBus();
    const calls: string[] = [];
    bus.subscribe((event) => calls.push(`a:${event}`));
    bus.subscribe((event) => calls.push(`b:${event}`));
    bus.emit('preferences.changed', { ...DEFAULT_PREFERENCES, theme: 'dark' });
    expect(calls).toEqual(['a:preferences.changed', 'b:preferences.changed']);
  });

  it('stops calling a listener once it unsubscribes, and leaves the others', () => {
    const bus = createEventBus();
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = bus.subscribe(first);
    bus.subscribe(second);
    offFirst();
    offFirst();
    bus.emit('preferences.changed', { ...DEFAULT_PREFERENCES, theme: 'light' });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledExactlyOnceWith('preferences.changed', {
      ...DEFAULT_PREFERENCES,
      theme: 'light',
    });
  });

  it('keeps separate buses apart', () => {
    const one = createEventBus();
    const other = createEventBus();
    const listener = vi.fn();
    one.subscribe(listener);
    other.emit('preferences.changed', { ...DEFAULT_PREFERENCES, theme: 'dark' });
    expect(listener).not.toHaveBeenCalled();
  });
});
