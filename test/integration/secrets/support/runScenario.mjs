// Runs one keychain scenario in this (child) process and prints its JSON result on stdout.
// The scenarios are TypeScript; Vite's module runner loads them as the app's code is loaded in
// tests, with @napi-rs/keyring left to Node, so the child uses the real modules, unchanged.
//   node runScenario.mjs <path to keychainScenarios.ts> <scenario name>
import { runnerImport } from 'vite';

const [scenarioFile, name] = process.argv.slice(2);
if (!scenarioFile || !name) throw new Error('usage: runScenario.mjs <scenario file> <scenario name>');
const { module } = await runnerImport(scenarioFile, { configFile: false, logLevel: 'silent' });
const scenario = module.scenarios[name];
if (typeof scenario !== 'function') throw new Error(`no scenario named ${name}`);
process.stdout.write(JSON.stringify(await scenario()));
