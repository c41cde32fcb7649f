import { arrOf, bool, int, itemsOf, noContent, obj, str } from '../../lib/responses.js';

/** An intent as the admin API answers it. */
export const intentSchema = obj(
  {
    id: int,
    accountId: str,
    name: str,
    phrases: arrOf(obj({ text: str, match: { type: 'string', enum: ['exact', 'contains'] } })),
    action: str,
    priority: int,
    enabled: bool,
    createdAt: str,
    updatedAt: str,
  },
  '意图',
);

export const intentResponses = {
  created: { 201: intentSchema },
  one: { 200: intentSchema },
  list: { 200: itemsOf(intentSchema) },
  defaults: { 200: itemsOf(intentSchema, { added: int }, '新加入的默认意图（同名的保留原样）') },
  deleted: { 204: noContent },
};
