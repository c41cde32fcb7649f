import type { FastifyInstance } from 'fastify';
import type { Db } from '../infra/db.js';
import type { InboundMessage } from '../wechat/types.js';
import { createSimulateRepository } from './simulate.repository.js';
import { simulateRoutes, type SimulateDeps } from './simulate.routes.js';

/** The simulator: learns which rule answered each message (the dispatcher's hook) and serves /simulate. */
export function createSimulator(db: Db) {
  const rules = new WeakMap<InboundMessage, string>();
  const repo = createSimulateRepository(db);
  return {
    /** The dispatcher's onHandled hook, for the simulator's own messages only. */
    observe(message: InboundMessage, rule: string): void {
      if (message.accountUser === 'gh_simulator') rules.set(message, rule);
    },
    routes: (deps: Omit<SimulateDeps, 'repo' | 'ruleOf'>) => (app: FastifyInstance) => simulateRoutes(app, { ...deps, repo, ruleOf: (m) => rules.get(m) }),
  };
}
