/** A phrase of an intent: the whole message, or a part of it, after normalisation. */
export interface IntentPhrase {
  text: string;
  match: 'exact' | 'contains';
}

/**
 * What a citizen means, as data: phrases that say it, and the action URI that
 * answers it. `{text}` in the action stands for the whole message and `{rest}` for
 * the message without the phrase that matched, both URI-encoded.
 */
export interface Intent {
  id: number;
  accountId: string;
  name: string;
  phrases: IntentPhrase[];
  action: string;
  /** A router priority (PRIORITY): above conversationStep (1000) it also wins inside a flow. */
  priority: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface IntentInput {
  name: string;
  phrases: IntentPhrase[];
  action: string;
  priority?: number;
  enabled?: boolean;
}

/** Intents below operator keyword rules (100) and above feature keywords (50). */
export const DEFAULT_INTENT_PRIORITY = 70;
