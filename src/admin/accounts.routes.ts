import type { FastifyInstance } from 'fastify';
import type { AccountService } from '../accounts/accounts.service.js';
import { defaultMessageMode, type Account, type MessageMode } from '../wechat/account.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { badRequest, conflict } from '../lib/errors.js';
import { accountCreatedSchema, accountListSchema } from './admin.responses.js';

interface Deps {
  accounts: AccountService;
  audit: AuditRepository;
  publicBaseUrl: string;
}

const accountBodySchema = {
  type: 'object',
  required: ['id', 'name', 'appId', 'appSecret', 'token'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' },
    name: { type: 'string', minLength: 1, maxLength: 60 },
    appId: { type: 'string', pattern: '^wx[0-9a-zA-Z]{8,30}$' },
    appSecret: { type: 'string', minLength: 8, maxLength: 128 },
    token: { type: 'string', pattern: '^[A-Za-z0-9]{3,32}$' },
    encodingAesKey: { type: 'string', pattern: '^[A-Za-z0-9]{43}$' },
    messageMode: { type: 'string', enum: ['plaintext', 'compat', 'safe'] },
    template: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,31}$', description: '模板公众号：复制其菜单、自动回复、编号菜单、意图和工单设置' },
    copyGuides: { type: 'boolean', default: false, description: '同时复制模板公众号的办事指南' },
  },
} as const;

/** Secrets never leave the server once stored. */
const publicView = (account: Account, base: string) => ({
  id: account.id,
  name: account.name,
  appId: account.appId,
  safeMode: Boolean(account.encodingAesKey),
  messageMode: account.messageMode,
  webhookUrl: account.id === 'default' ? `${base}/wechat` : `${base}/wechat/${account.id}`,
});

export async function accountRoutes(app: FastifyInstance, { accounts, audit, publicBaseUrl }: Deps): Promise<void> {
  const tags = ['accounts'];
  type Body = Omit<Account, 'messageMode'> & { messageMode?: MessageMode; template?: string; copyGuides?: boolean };
  app.post<{ Body: Body }>('/accounts', {
    schema: { tags, summary: '接入公众号', description: '可指定模板公众号复制其配置；同 id 已存在时 409。', body: accountBodySchema, response: { 201: accountCreatedSchema } },
  }, async (request, reply) => {
    const { template, copyGuides, ...body } = request.body;
    const messageMode = body.messageMode ?? defaultMessageMode(body.encodingAesKey);
    if (messageMode !== 'plaintext' && !body.encodingAesKey) {
      throw badRequest('messageMode', `消息加解密方式"${messageMode}"需要填写 encodingAesKey（消息加解密密钥）`);
    }
    if (template !== undefined && !(await accounts.templateExists(template))) throw badRequest('template', `template account "${template}" does not exist`);
    const result = template === undefined
      ? await accounts.create({ ...body, messageMode }).then((account) => account && { account, copied: undefined })
      : await accounts.createFromTemplate({ ...body, messageMode }, template, { guides: copyGuides === true });
    if (!result) throw conflict(`account "${body.id}" already exists`);
    const created = result.account;
    await audit.record({
      accountId: created.id, actor: request.operator.name, action: 'create', resource: 'account', resourceId: created.id,
      detail: { name: created.name, appId: created.appId, ...(template ? { template, copied: result.copied } : {}) },
    });
    return reply.code(201).send({ ...publicView(created, publicBaseUrl), ...(template ? { template, copied: result.copied } : {}) });
  });
  app.get('/accounts', { schema: { tags, summary: '列出已接入的公众号', response: { 200: accountListSchema } } }, async () => ({
    items: (await accounts.list()).map((a) => publicView(a, publicBaseUrl)),
  }));
}
