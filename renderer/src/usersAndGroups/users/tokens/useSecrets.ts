import { useState } from 'react';
import type { ApiKeyId } from '../../../../../shared/domain/apiKeys';
import type { TokenPair } from '../../../../../shared/domain/directory';
import { copyText } from '../../../common/clipboard';
import { roster } from '../../../roster/roster';
import { useFeedback } from '../../../store/feedbackStore';

/** A row's secret: one half of the generated pair, or an API key by its id. */
export type SecretId = 'access' | 'refresh' | ApiKeyId;

/** A value on screen is masked until asked for; a row that was never opened shows nothing. */
export type Reveal = 'masked' | 'shown';

const PAIR_MISSING = "This token's value is not in the OS keychain of this machine.";
const KEY_MISSING = "This key's value is not in the OS keychain of this machine.";

/** Says why there is no value, and answers none. */
const failed = (say: () => void): undefined => {
  say();
  return undefined;
};

/**
 * The values this panel read from the keychain and how each is shown. They live only as long as
 * the panel, which is mounted afresh for each user, so nothing lingers after the admin moves on.
 */
export function useSecrets(instanceId: string, userId: number) {
  const [values, setValues] = useState<ReadonlyMap<SecretId, string>>(new Map());
  const [reveal, setReveal] = useState<ReadonlyMap<SecretId, Reveal>>(new Map());

  const remember = (entries: readonly (readonly [SecretId, string])[]) =>
    setValues((now) => new Map([...now, ...entries]));
  const setShown = (entries: readonly (readonly [SecretId, Reveal])[]) =>
    setReveal((now) => new Map([...now, ...entries]));

  const readPair = async (id: 'access' | 'refresh'): Promise<string | undefined> => {
    const answer = await roster().invoke('directory.tokens.read', { instanceId, userId });
    if (!answer.ok) return failed(() => useFeedback.getState().showError(answer.error));
    if (!answer.value) return failed(() => useFeedback.getState().show('warning', PAIR_MISSING));
    const { accessToken, refreshToken } = answer.value;
    // One read answers both halves: Show on the other row then needs no second trip.
    remember([
      ['access', accessToken],
      ['refresh', refreshToken],
    ]);
    return id === 'access' ? accessToken : refreshToken;
  };

  const readKey = async (keyId: ApiKeyId): Promise<string | undefined> => {
    const answer = await roster().invoke('directory.keys.read', { instanceId, userId, keyId });
    if (!answer.ok) return failed(() => useFeedback.getState().showError(answer.error));
    if (answer.value === null) return failed(() => useFeedback.getState().show('warning', KEY_MISSING));
    remember([[keyId, answer.value]]);
    return answer.value;
  };

  const read = async (id: SecretId): Promise<string | undefined> =>
    values.get(id) ?? (typeof id === 'number' ? readKey(id) : readPair(id));

  return {
    values,
    reveal,
    async show(id: SecretId) {
      if ((await read(id)) !== undefined) setShown([[id, 'shown']]);
    },
    hide(id: SecretId) {
      setShown([[id, 'masked']]);
    },
    /** `label` names the value in the message: "Access token copied." */
    async copy(id: SecretId, label: string) {
      const value = await read(id);
      if (value === undefined) return;
      const copied = await copyText(value);
      useFeedback
        .getState()
        .show(copied ? 'success' : 'error', copied ? `${label} copied.` : 'The clipboard refused the copy.');
    },
    /** A pair just generated is on screen at once, masked: someone may be looking over the admin's shoulder. */
    generated(pair: TokenPair) {
      remember([
        ['access', pair.accessToken],
        ['refresh', pair.refreshToken],
      ]);
      setShown([
        ['access', 'masked'],
        ['refresh', 'masked'],
      ]);
    },
    /** A revoked secret is worthless: drop it rather than keep showing it. */
    forget(ids: readonly SecretId[]) {
      const without = <V>(map: ReadonlyMap<SecretId, V>): ReadonlyMap<SecretId, V> =>
        new Map([...map].filter(([id]) => !ids.includes(id)));
      setValues(without);
      setReveal(without);
    },
  };
}
