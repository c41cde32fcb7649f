import type { PiiCipher } from '../../lib/pii.js';
import type { Draft } from './tickets.service.js';

/**
 * A filing draft as kept in the conversation store (Redis): the whole draft encrypted
 * with the personal-data key, as the booking flow keeps name and phone. The contact and
 * the free text (where citizens type phone and ID numbers) never sit there in clear.
 */
export interface SealedDraft {
  sealed: string;
}

export const sealDraft = (pii: PiiCipher, draft: Draft): SealedDraft => ({ sealed: pii.encrypt(JSON.stringify(draft)) });

/** A draft from the conversation data; one saved in clear before this change still opens. */
export function openDraft(pii: PiiCipher, data: Record<string, unknown>): Draft {
  return typeof data.sealed === 'string' ? (JSON.parse(pii.decrypt(data.sealed)) as Draft) : (data as unknown as Draft);
}
