import type { Database } from 'better-sqlite3';
import type { Directory } from '../../services/directory/directory';
import type { Accounts } from '../../services/directory/local/accounts';
import type { AuthService } from '../authService';

/** What the route handlers work with; createInstanceServer builds it once. */
export interface ApiDeps {
  db: Database;
  /** The local directory over the served file; its audit entries name the request's user. */
  directory: Directory;
  auth: AuthService;
  accounts: Accounts;
  now: () => Date;
  info: { name: string; version: string };
}

/** Bodies of requests that take none: nothing, or an empty JSON object. */
export { NoInput as EmptyBody } from '../../../shared/contract/limits';
