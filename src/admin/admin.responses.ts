/** Success answers of the console's sign-in, operator and account routes (OpenAPI documentation only). */

const operatorFields = {
  id: { type: 'integer' },
  name: { type: 'string' },
  roles: { type: 'array', items: { type: 'string' } },
  department: { type: ['string', 'null'] },
  username: { type: ['string', 'null'] },
  mustChangePassword: { type: 'boolean' },
  createdBy: { type: 'string' },
  createdAt: { type: 'string', format: 'date-time' },
  disabled: { type: 'boolean' },
  disabledAt: { type: ['string', 'null'], format: 'date-time' },
} as const;

export const operatorSchema = { type: 'object', description: '操作员', properties: operatorFields, additionalProperties: true } as const;

/** An operator with their token: the only time it is shown. */
export const operatorWithTokenSchema = {
  type: 'object',
  description: '操作员及其令牌（仅此一次显示）',
  properties: { ...operatorFields, token: { type: 'string' } },
  required: ['id', 'token'],
  additionalProperties: true,
} as const;

export const operatorListSchema = { type: 'object', properties: { items: { type: 'array', items: operatorSchema } }, required: ['items'] } as const;

/** Who is signed in, and the CSRF token the console sends back on every change. */
export const sessionViewSchema = {
  type: 'object',
  description: '当前操作员与 CSRF 令牌',
  properties: {
    operator: {
      type: 'object',
      properties: {
        id: { type: ['integer', 'null'] },
        username: { type: ['string', 'null'] },
        name: { type: 'string' },
        roles: { type: 'array', items: { type: 'string' } },
        department: { type: ['string', 'null'] },
        accountId: { type: 'string' },
        superAdmin: { type: 'boolean' },
        mustChangePassword: { type: 'boolean' },
      },
      additionalProperties: true,
    },
    csrfToken: { type: ['string', 'null'] },
  },
  required: ['operator', 'csrfToken'],
} as const;

export const noContentSchema = { type: 'null', description: '无内容' } as const;

const accountFields = {
  id: { type: 'string' },
  name: { type: 'string' },
  appId: { type: 'string' },
  safeMode: { type: 'boolean' },
  messageMode: { type: 'string', enum: ['plaintext', 'compat', 'safe'] },
  webhookUrl: { type: 'string' },
} as const;

/** A public account as the console sees it: secrets never leave the server. */
export const accountSchema = { type: 'object', description: '公众号（不含密钥）', properties: accountFields, additionalProperties: true } as const;

export const accountCreatedSchema = {
  type: 'object',
  description: '新建的公众号；从模板创建时附带模板名与各项复制数量',
  properties: { ...accountFields, template: { type: 'string' }, copied: { type: 'object', additionalProperties: { type: 'integer' } } },
  additionalProperties: true,
} as const;

export const accountListSchema = { type: 'object', properties: { items: { type: 'array', items: accountSchema } }, required: ['items'] } as const;
