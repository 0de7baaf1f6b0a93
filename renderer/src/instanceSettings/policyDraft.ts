import {
  PASSWORD_LIMIT,
  PasswordPolicySchema,
  type CharacterClass,
  type PasswordPolicy,
} from '../../../shared/domain/passwordPolicy';

/** The password policy as the form holds it: lengths as typed, so that an empty field stays empty. */
export interface PolicyDraft {
  minLength: string;
  maxLength: string;
  require: readonly CharacterClass[];
  notUsername: boolean;
}

export type PolicyErrors = Partial<Record<'minLength' | 'maxLength' | 'form', string>>;

export const toDraft = (policy: PasswordPolicy): PolicyDraft => ({
  minLength: String(policy.minLength),
  maxLength: String(policy.maxLength),
  require: policy.require,
  notUsername: policy.notUsername,
});

// An empty field is no number at all, not 0 (which Number('') would make of it).
const typedNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

const LENGTH_RULE = `Enter a whole number from 1 to ${PASSWORD_LIMIT}.`;

/** The policy the draft stands for, checked with the rule the main side and the server apply. */
export function checkDraft(draft: PolicyDraft): { policy: PasswordPolicy } | { errors: PolicyErrors } {
  const parsed = PasswordPolicySchema.safeParse({
    minLength: typedNumber(draft.minLength),
    maxLength: typedNumber(draft.maxLength),
    require: [...draft.require],
    notUsername: draft.notUsername,
  });
  if (parsed.success) return { policy: parsed.data };
  const errors: PolicyErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'minLength' || field === 'maxLength')
      // The schema's bounds speak of types ("expected number"); its refinements already speak to people.
      errors[field] ??= issue.code === 'custom' ? issue.message : LENGTH_RULE;
    else errors.form ??= issue.message;
  }
  return { errors };
}
