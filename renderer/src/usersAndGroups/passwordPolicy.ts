import { useEffect } from 'react';
import { create } from 'zustand';
import { describePolicy, passwordProblem, type PasswordPolicy } from '../../../shared/domain/passwordPolicy';
import { PasswordSchema } from '../../../shared/domain/userRules';
import { ruleError } from '../common/fieldError';
import { roster } from '../roster/roster';

interface PolicyState {
  /** Each instance's policy as last read; an Administrator may change it at any time elsewhere. */
  policies: Readonly<Record<string, PasswordPolicy>>;
  load: (instanceId: string) => void;
}

export const usePasswordPolicies = create<PolicyState>()((set, get) => ({
  policies: {},
  load(instanceId) {
    void roster()
      .invoke('directory.settings.passwordPolicy', { instanceId })
      .then((result) => {
        // Not read (the instance is out of reach): forms check the contract's bounds, the instance the rest.
        if (result.ok) set({ policies: { ...get().policies, [instanceId]: result.value } });
      });
  },
}));

/**
 * The instance's password policy, read again each time a password is `needed` (a form that sets one
 * opens, or the admin starts typing one), so that a change made meanwhile counts; the last one read
 * until the answer comes, undefined before the first.
 */
export function usePasswordPolicy(instanceId: string, needed = true): PasswordPolicy | undefined {
  useEffect(() => {
    if (needed) usePasswordPolicies.getState().load(instanceId);
  }, [instanceId, needed]);
  return usePasswordPolicies((state) => state.policies[instanceId]);
}

/** What is wrong with a password on this instance, as the admin types it; undefined when nothing is. */
export function passwordError(
  policy: PasswordPolicy | undefined,
  password: string,
  username: string,
): string | undefined {
  if (!policy) return ruleError(PasswordSchema, password);
  return passwordProblem(policy, password, username) ?? undefined;
}

/** The policy as a password field's helper text: "5 to 20 characters, not the username." */
export const policyHint = (policy: PasswordPolicy | undefined): string | undefined =>
  policy ? `${describePolicy(policy)}.` : undefined;
