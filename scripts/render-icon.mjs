// Renders resources/icon.svg to resources/icon.png, the picture electron-builder turns into each
// system's app icon (.icns, .ico, the Linux sizes). 1024×1024 is the largest size macOS asks for.
// Run again after editing the SVG: `node scripts/render-icon.mjs`. It uses the machine's Chromium
// (CHROMIUM_PATH, or /usr/bin/chromium) and never downloads a browser.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const SIZE = 1024;
const resources = path.resolve(import.meta.dirname, '../resources');
const svg = readFileSync(path.join(resources, 'icon.svg'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(
    `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${SIZE}px;height:${SIZE}px}</style>${svg}`,
  );
  // The rounded corners stay transparent, as an app icon's must.
  await page.screenshot({ path: path.join(resources, 'icon.png'), omitBackground: true });
  console.log(`Wrote resources/icon.png (${SIZE}×${SIZE}).`);
} finally {
  await browser.close();
}
