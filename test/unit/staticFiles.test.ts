import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticFile } from '../../electron/common/staticFiles';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();

describe('resolveStaticFile', () => {
  let root: string;
  beforeEach(() => {
    const base = tempDir();
    root = path.join(base, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(root, 'assets', 'x.js'), 'export {}');
    writeFileSync(path.join(base, 'secret'), 'do not serve');
    // A sibling whose name starts with the root's name must not count as inside it.
    mkdirSync(path.join(base, 'renderer-private'));
  });

  const isInside = (file: string | undefined) =>
    file !== undefined && path.relative(root, file) !== '' && !path.relative(root, file).startsWith('..');

  it.each(['/', ''])('maps %j to index.html inside the root', (urlPath) => {
    expect(resolveStaticFile(root, urlPath)).toBe(path.join(root, 'index.html'));
  });

  it('maps /assets/x.js to the file inside the root', () => {
    const file = resolveStaticFile(root, '/assets/x.js');
    expect(file).toBe(path.join(root, 'assets', 'x.js'));
    expect(isInside(file)).toBe(true);
  });

  it('decodes percent-encoded names', () => {
    expect(resolveStaticFile(root, '/assets/my%20file.js')).toBe(path.join(root, 'assets', 'my file.js'));
  });

  it('works with a root given with a trailing separator or as a relative path', () => {
    expect(resolveStaticFile(root + path.sep, '/assets/x.js')).toBe(path.join(root, 'assets', 'x.js'));
    const relativeRoot = path.relative(process.cwd(), root);
    expect(resolveStaticFile(relativeRoot, '/index.html')).toBe(path.join(root, 'index.html'));
  });

  it('keeps dot segments that stay inside the root inside it', () => {
    expect(resolveStaticFile(root, '/assets/../index.html')).toBe(path.join(root, 'index.html'));
  });

  it.each([
    '/../etc/passwd',
    '/../secret',
    '/%2e%2e/secret',
    '/%2E%2E/secret',
    '/..%2fsecret',
    '/..%2Fsecret',
    '/assets/../../secret',
    '/assets/..%2f..%2fsecret',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/../renderer-private/x',
    '/..',
    '/.',
    '//',
    '/%2e%2e',
  ])('refuses the path %j, which leaves the root or names the root itself', (urlPath) => {
    const file = resolveStaticFile(root, urlPath);
    expect(file).toBeUndefined();
  });

  it.each(['/index.html%00.js', '/%00', '/assets/x.js%00'])('refuses the encoded NUL in %j', (urlPath) => {
    expect(resolveStaticFile(root, urlPath)).toBeUndefined();
  });

  it.each(['/%', '/%E0%A4%A', '/%zz', '/assets/%C0'])(
    'refuses the malformed percent-encoding %j',
    (urlPath) => {
      expect(resolveStaticFile(root, urlPath)).toBeUndefined();
    },
  );

  it.each(['//etc/passwd', '/%2fetc%2fpasswd', '///etc/passwd'])(
    'reads the absolute-looking %j as relative to the root',
    (urlPath) => {
      const file = resolveStaticFile(root, urlPath);
      expect(file).toBe(path.join(root, 'etc', 'passwd'));
      expect(isInside(file)).toBe(true);
    },
  );
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html'],
    ['app.js', 'text/javascript'],
    ['style.CSS', 'text/css'],
    ['icon.svg', 'image/svg+xml'],
    ['font.woff2', 'font/woff2'],
  ])('gives %s a %s type', (file, type) => {
    expect(contentTypeFor(path.join('/srv', file)).split(';')[0]).toBe(type);
  });

  it('declares UTF-8 for text types', () => {
    expect(contentTypeFor('/srv/index.html')).toMatch(/charset=utf-8/);
  });

  it('falls back to a type browsers will not execute for unknown extensions', () => {
    expect(contentTypeFor('/srv/blob.bin')).toBe('application/octet-stream');
    expect(contentTypeFor('/srv/noextension')).toBe('application/octet-stream');
  });
});
