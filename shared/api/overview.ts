import { InstanceOverviewSchema } from '../domain/overview';
import { endpoint } from './endpoint';

/** The instance at a glance, in one request: for whoever may list its users. */
export const overviewEndpoints = {
  getOverview: endpoint({
    method: 'GET',
    path: '/api/overview',
    summary:
      'How many users (enabled, disabled, locked, invited, must change password), groups and administrators the instance holds, all counted at one moment',
    tag: 'Users',
    permission: 'directory.read',
    status: 200,
    response: InstanceOverviewSchema,
  }),
} as const;
