import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting in the current admin request: recorded with every audit entry. */
export interface Actor {
  /** Null for the super-admin (ADMIN_TOKEN or the bootstrap admin), who has no operator row. */
  id: number | null;
  name: string;
  /** The account the operator belongs to; null for the super-admin. */
  accountId: string | null;
}

const storage = new AsyncLocalStorage<{ actor?: Actor }>();

/**
 * The admin request's scope. Entered by a callback-style onRequest hook, so the rest of
 * the request's lifecycle (handlers and whatever they call) runs inside it; audit entries
 * get the actor's id and account without every caller passing them.
 */
export function enterActorScope(done: () => void): void {
  storage.run({}, done);
}

export function setActor(actor: Actor): void {
  const store = storage.getStore();
  if (store) store.actor = actor;
}

export function currentActor(): Actor | undefined {
  return storage.getStore()?.actor;
}
