import { auditEndpoints } from './audit';
import { authEndpoints } from './auth';
import { bulkEndpoints } from './bulk';
import type { Endpoint } from './endpoint';
import { groupEndpoints } from './groups';
import { meEndpoints } from './me';
import { oauthEndpoints } from './oauth';
import { overviewEndpoints } from './overview';
import { settingsEndpoints } from './settings';
import { tokenEndpoints } from './tokens';
import { exportEndpoints } from './userExport';
import { importEndpoints } from './userImport';
import { userEndpoints } from './users';

export { API_VERSION } from './auth';

/** Every route of the instance server's REST API, by operation id. Adding a route means adding it here. */
export const api = {
  ...authEndpoints,
  ...oauthEndpoints,
  ...meEndpoints,
  ...overviewEndpoints,
  ...userEndpoints,
  ...exportEndpoints,
  ...bulkEndpoints,
  ...importEndpoints,
  ...tokenEndpoints,
  ...groupEndpoints,
  ...settingsEndpoints,
  ...auditEndpoints,
} as const satisfies Readonly<Record<string, Endpoint>>;

export type Api = typeof api;
export type OperationId = keyof Api;
