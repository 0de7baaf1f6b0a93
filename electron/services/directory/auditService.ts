import type { auditChannels } from '../../../shared/contract/audit';
import type { Handlers } from '../../../shared/contract/channel';
import type { DirectoryRegistry } from './directoryRegistry';

/** The audit log's channels but its export (a download: see exportService), on any instance's directory. */
export function createAuditService(
  registry: DirectoryRegistry,
): Handlers<Omit<typeof auditChannels, 'directory.audit.export'>> {
  const on = (instanceId: string) => registry.get(instanceId);
  return {
    'directory.audit.page': async ({ instanceId, request }) => (await on(instanceId)).auditPage(request),
    'directory.audit.verify': async ({ instanceId }) => (await on(instanceId)).verifyAudit(),
    'directory.audit.retention': async ({ instanceId }) => (await on(instanceId)).getAuditRetention(),
    'directory.audit.setRetention': async ({ instanceId, retention }) =>
      (await on(instanceId)).setAuditRetention(retention),
  };
}
