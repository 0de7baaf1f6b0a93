import { useState } from 'react';
import type { InvitationTerms } from '../../../../shared/domain/directory';
import { DEFAULT_TERMS, hoursError, termsOf, type TermsDraft } from '../invitationTerms';
import { useUserEditor } from '../userEditorStore';

/**
 * The link terms a dialog asks (Invite user…, Send new invite… for one user or a selection): the
 * draft, what is wrong with it, and the terms to send, which ask for email only where the
 * instance can send it.
 */
export function useInvitationTerms() {
  const [terms, setTerms] = useState<TermsDraft>(DEFAULT_TERMS);
  const mail = useUserEditor((state) => state.invitationMail);
  const problem = hoursError(terms.hours);
  return {
    terms,
    setTerms,
    mail,
    problem,
    chosen: (): InvitationTerms => termsOf({ ...terms, sendEmail: mail === true && terms.sendEmail }),
  };
}
