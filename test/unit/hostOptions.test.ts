import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultDataDir } from '../../electron/common/dataDir';
import { parseHostOptions } from '../../electron/host/hostOptions';

const env = { ROSTER_DATA_DIR: '/from/env', ROSTER_PORT: '4100' };

describe('parseHostOptions', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('takes flags over environment variables', () => {
    expect(parseHostOptions(['--data-dir', '/from/flag', '--port', '4200'], env)).toEqual({
      dataDir: '/from/flag',
      port: 4200,
    });
  });

  it('accepts the --flag=value form', () => {
    expect(parseHostOptions(['--data-dir=/from/flag', '--port=4201'], env)).toEqual({
      dataDir: '/from/flag',
      port: 4201,
    });
  });

  it('takes each flag over its own variable only', () => {
    expect(parseHostOptions(['--port', '4200'], env)).toEqual({ dataDir: '/from/env', port: 4200 });
    expect(parseHostOptions(['--data-dir', '/from/flag'], env)).toEqual({
      dataDir: '/from/flag',
      port: 4100,
    });
  });

  it('takes environment variables over defaults', () => {
    expect(parseHostOptions([], env)).toEqual({ dataDir: '/from/env', port: 4100 });
  });

  it('falls back to the shared data folder and any free port', () => {
    expect(parseHostOptions([], {})).toEqual({ dataDir: defaultDataDir(), port: 0 });
  });

  it('reads the environment it is given, not the process environment', () => {
    vi.stubEnv('ROSTER_DATA_DIR', '/from/process');
    vi.stubEnv('ROSTER_PORT', '4300');
    const options = parseHostOptions([], {});
    expect(options.port).toBe(0);
    expect(options.dataDir).not.toBe('/from/process');
  });

  it.each(['0', '1', '8080', '65535'])('accepts the port %s', (port) => {
    expect(parseHostOptions(['--port', port], {}).port).toBe(Number(port));
  });

  it.each(['abc', '-1', '65536', '70000', '1.5', 'NaN', 'Infinity', '80abc'])(
    'refuses the port %j from a flag',
    (port) => {
      expect(() => parseHostOptions(['--port', port], {})).toThrow(/port/i);
    },
  );

  it.each(['abc', '-5', '99999'])('refuses the port %j from ROSTER_PORT', (port) => {
    expect(() => parseHostOptions([], { ROSTER_PORT: port })).toThrow(/port/i);
  });

  it('refuses a bad flag even when the variable is good', () => {
    expect(() => parseHostOptions(['--port', 'abc'], { ROSTER_PORT: '4100' })).toThrow(/abc/);
  });

  it.each([['--verbose'], ['--data-dir', '/x', '--token', 'abc'], ['-p', '80'], ['stray-positional']])(
    'refuses the arguments %j',
    (...argv) => {
      expect(() => parseHostOptions(argv, {})).toThrow();
    },
  );

  it('refuses a flag given without its value', () => {
    expect(() => parseHostOptions(['--port'], {})).toThrow();
    expect(() => parseHostOptions(['--data-dir'], {})).toThrow();
  });
});

describe('defaultDataDir (the folder Electron calls userData)', () => {
  it('uses XDG_CONFIG_HOME on Linux when it is set', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe(
      path.join('/xdg', 'Roster'),
    );
  });

  it('uses ~/.config on Linux otherwise', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe(path.join('/home/ann', '.config', 'Roster'));
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDataDir('darwin', { XDG_CONFIG_HOME: '/xdg' }, '/Users/ann')).toBe(
      path.join('/Users/ann', 'Library', 'Application Support', 'Roster'),
    );
  });

  it('uses APPDATA on Windows, or the roaming folder under home without it', () => {
    expect(defaultDataDir('win32', { APPDATA: '/appdata' }, '/users/ann')).toBe(
      path.join('/appdata', 'Roster'),
    );
    expect(defaultDataDir('win32', {}, '/users/ann')).toBe(
      path.join('/users/ann', 'AppData', 'Roaming', 'Roster'),
    );
  });
});
