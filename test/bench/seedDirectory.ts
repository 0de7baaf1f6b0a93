import type { Database } from 'better-sqlite3';
import { insertGroup } from '../../electron/services/directory/local/groupsTable';
import { addMemberships } from '../../electron/services/directory/local/membershipsTable';
import { insertUser } from '../../electron/services/directory/local/usersTable';

const FIRST = [
  'anna',
  'bruno',
  'carla',
  'dmitri',
  'elena',
  'farid',
  'grace',
  'hiro',
  'ines',
  'jonas',
  'kemal',
  'lucia',
  'marek',
  'nadia',
  'omar',
  'priya',
  'quentin',
  'rosa',
  'sven',
  'tariq',
  'ursula',
  'viktor',
  'wen',
  'yusuf',
  'zoe',
];
const LAST = [
  'adams',
  'becker',
  'chen',
  'dubois',
  'evans',
  'fischer',
  'garcia',
  'haddad',
  'ivanova',
  'jensen',
  'kowalski',
  'lopez',
  'muller',
  'novak',
  'okafor',
  'petrov',
  'rossi',
  'silva',
  'tanaka',
  'weber',
];
const DOMAINS = ['example.com', 'corp.example', 'mail.example.org', 'integrate.example.net'];

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A deterministic, realistic-looking user: names repeat, numbers keep usernames unique. */
export function sampleUser(n: number) {
  const first = FIRST[n % FIRST.length] as string;
  const last = LAST[Math.floor(n / FIRST.length) % LAST.length] as string;
  const username = `${first}.${last}${n}`;
  return {
    username,
    displayName: `${capital(first)} ${capital(last)}`.slice(0, 20),
    email: `${username}@${DOMAINS[n % DOMAINS.length] as string}`,
  };
}

/** Fills a fresh instance database in one transaction; every user shares one precomputed hash. */
export function seedDirectory(
  db: Database,
  options: { users: number; groups: number; groupsPerUser: number; passwordHash: string },
): void {
  const now = new Date().toISOString();
  db.transaction(() => {
    const groupIds: number[] = [];
    for (let g = 0; g < options.groups; g++)
      groupIds.push(insertGroup(db, `group-${String(g).padStart(4, '0')}`, now));
    const members = new Map<number, number[]>(groupIds.map((id) => [id, []]));
    for (let n = 0; n < options.users; n++) {
      const id = insertUser(db, {
        ...sampleUser(n),
        passwordHash: options.passwordHash,
        enabled: n % 10 !== 0,
        now,
      });
      for (let k = 0; k < options.groupsPerUser; k++) {
        const groupId = groupIds[(n * 7 + k * 131) % groupIds.length] as number;
        members.get(groupId)?.push(id);
      }
    }
    for (const [groupId, userIds] of members) addMemberships(db, groupId, userIds);
  })();
}
