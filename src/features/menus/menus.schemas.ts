/**
 * JSON schemas of the menu routes. They check the outer shape only: the limits
 * (bytes, counts, depth, action grammar) are checked in code so each error can
 * name the exact button or node in Chinese, and so Fastify's type coercion never
 * turns a wrong value into an accepted one.
 */
export const menuCodeParamsSchema = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' } },
} as const;

const nodeList = { type: 'array', items: { type: 'object' } } as const;

export const numberedMenuCreateSchema = {
  type: 'object',
  required: ['code', 'title', 'items'],
  properties: {
    code: { type: 'string', description: 'Stable id: `menu:<code>` opens this menu; `main` is shown for 菜单/帮助/?/0.' },
    title: { type: 'string', description: 'Title line above the numbered choices.' },
    items: { ...nodeList, description: '1–9 nodes: { label, action } or { label, code?, title?, items }.' },
  },
} as const;

export const numberedMenuUpdateSchema = {
  type: 'object',
  required: ['title', 'items'],
  properties: { code: { type: 'string' }, title: { type: 'string' }, items: nodeList },
} as const;

export const customMenuBodySchema = {
  type: 'object',
  description: "WeChat's own menu JSON: { button: [...] } (menu/create).",
  properties: { button: { type: 'array' } },
} as const;
