// Seeds a local instance file for demos, screenshots and the UI benchmark:
//   tsx test/bench/seedInstance.ts <file> [users] [groups]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openInstanceDatabase } from '../../electron/database/openDatabase';
import { createPasswordHasher } from '../../electron/secrets/passwordHasher';
import { seedDirectory } from './seedDirectory';

const [file, users = '1000', groups = '20'] = process.argv.slice(2);
if (!file) {
  console.error('Usage: tsx test/bench/seedInstance.ts <file> [users] [groups]');
  process.exit(2);
}
mkdirSync(path.dirname(file), { recursive: true });
const db = openInstanceDatabase(file, { mode: 'create', nativeDir: '' });
const passwordHash = await createPasswordHasher().hash('seeded-password');
seedDirectory(db, { users: Number(users), groups: Number(groups), groupsPerUser: 2, passwordHash });
db.close();
console.log(`Seeded ${users} users and ${groups} groups into ${file}`);
