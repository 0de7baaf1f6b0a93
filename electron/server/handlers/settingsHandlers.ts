import type { settingsEndpoints } from '../../../shared/api/settings';
import type { HandlerDeps, HandlersOf } from './handler';

export function settingsHandlers({ directory }: HandlerDeps): HandlersOf<typeof settingsEndpoints> {
  return {
    getPasswordPolicy: () => directory.getPasswordPolicy(),
    setPasswordPolicy: ({ body }) => directory.setPasswordPolicy(body),
  };
}
