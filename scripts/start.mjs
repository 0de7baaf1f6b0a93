// `npm start`: the desktop app where Electron is installed, otherwise the same
// app served to the browser by the browser host.
import { spawn } from 'node:child_process';
import { installedElectronBinary } from './electronBinary.mjs';

const electron = installedElectronBinary();
const child = electron
  ? spawn(electron, ['.'], { stdio: 'inherit' })
  : (console.log('No Electron binary is installed here, so Roster is served to your browser instead:'),
    spawn(process.execPath, ['out/main/host.js', ...process.argv.slice(2)], { stdio: 'inherit' }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
