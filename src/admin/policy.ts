import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';

/**
 * Who may use which part of the admin API, by the first path segment under
 * /admin/api. `admin` may use everything; a resource not listed is admin-only,
 * so a new route is closed until someone opens it here.
 */
export const ROLE_POLICY: Record<string, string[]> = {
  'keyword-rules': ['editor'],
  'auto-replies': ['editor'],
  news: ['editor'],
  guides: ['editor'],
  places: ['editor'],
  search: ['editor'],
  intents: ['editor'],
  'numbered-menus': ['editor'],
  menu: ['editor'],
  calendar: ['editor'],
  'appointment-services': ['editor'],
  'appointment-settings': ['editor'],
  appointments: ['handler'],
  // Emergency operators reach tickets too; the tickets feature shows them 应急 tickets only.
  tickets: ['handler', 'emergency'],
  // The console: the inbox and the simulator are editors' work; the dashboard is for everyone.
  messages: ['editor'],
  simulate: ['editor'],
  dashboard: ['editor', 'handler', 'emergency'],
  // 应急预警 群发: emergency operators send warnings without the approval step (audited).
  'emergency-broadcasts': ['emergency'],
  // Taking part and reaching citizens are editors' work. Approving a broadcast stays an
  // admin's (checked by the route), and an account can require that approval.
  polls: ['editor'],
  'tip-collections': ['editor'],
  followers: ['editor'],
  tags: ['editor'],
  broadcasts: ['editor'],
  media: ['editor'],
  qrcodes: ['editor'],
  stats: ['editor'],
  audit: [],
  operators: [],
  accounts: [],
};

/**
 * Resources that span the deployment rather than one account: an account's own
 * `admin` must not see other accounts' names and appIds, nor add accounts.
 */
export const SUPER_ADMIN_ONLY = new Set(['accounts']);

export function resourceOf(path: string, prefix: string): string {
  const rest = path.split('?')[0]!.slice(prefix.length).replace(/^\/+/, '');
  return rest.split('/')[0] ?? '';
}

export function allowed(roles: string[], resource: string): boolean {
  if (roles.includes('admin')) return true;
  const open = ROLE_POLICY[resource] ?? [];
  return roles.some((role) => open.includes(role));
}

/** Runs after bearer auth: 403 with the roles that would be needed. */
export function rolePolicy(prefix: string) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const resource = resourceOf(request.routeOptions.url ?? request.url, prefix);
    if (!allowed(request.operator.roles, resource)) {
      const needed = ['admin', ...(ROLE_POLICY[resource] ?? [])].join(' or ');
      throw new AppError(403, 'FORBIDDEN', `Operator "${request.operator.name}" (roles: ${request.operator.roles.join(', ')}) may not use /${resource}: it needs ${needed}`);
    }
    if (SUPER_ADMIN_ONLY.has(resource) && request.operator.superAdmin !== true) {
      throw new AppError(403, 'FORBIDDEN', `操作员"${request.operator.name}"无权使用 /${resource}：公众号的查看、添加和修改仅限超级管理员`);
    }
  };
}
