import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { createKeywordRepository } from '../features/keywords/keywords.repository.js';
import type { KeywordRuleInput, ReplySpec } from '../features/keywords/keywords.types.js';
import type { Db } from '../infra/db.js';
import { projectRoot } from '../lib/paths.js';
import { DEFAULT_ACCOUNT_ID } from '../wechat/account.js';

interface KeywordDemo {
  autoReplies: { subscribe: ReplySpec[]; default: ReplySpec[] };
  keywordRules: KeywordRuleInput[];
}

async function readDemo<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(projectRoot(), 'config', 'demo', name), 'utf8')) as T;
}

/**
 * Loads the fictional demo content into the default account, once: an account
 * that already has keyword rules or auto-replies is left alone.
 */
export async function seedDemoContent(db: Db, log: Logger, accountId = DEFAULT_ACCOUNT_ID): Promise<boolean> {
  const keywords = createKeywordRepository(db);
  const existing = await keywords.list(accountId);
  if (existing.length > 0 || (await keywords.getAutoReply(accountId, 'default')).length > 0) {
    log.info('demo content already present; not loading it again');
    return false;
  }
  const demo = await readDemo<KeywordDemo>('keywords.json');
  await keywords.setAutoReply(accountId, 'subscribe', demo.autoReplies.subscribe);
  await keywords.setAutoReply(accountId, 'default', demo.autoReplies.default);
  for (const rule of demo.keywordRules) await keywords.create(accountId, rule);
  log.info({ keywordRules: demo.keywordRules.length }, 'demo content loaded');
  return true;
}
