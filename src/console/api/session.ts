import { reactive } from 'vue';
import { api, setCsrfToken, unwrap } from './client.js';

export interface SessionOperator {
  name: string;
  username?: string;
  roles: string[];
  mustChangePassword?: boolean;
}

interface SessionBody {
  operator: SessionOperator;
  csrfToken: string;
}

/** The signed-in operator, shared by the router guard, the menu and the views. */
export const session = reactive<{ operator: SessionOperator | null; checked: boolean }>({ operator: null, checked: false });

function adopt(body: SessionBody | undefined): SessionOperator | null {
  if (!body) return null;
  setCsrfToken(body.csrfToken);
  session.operator = body.operator;
  return body.operator;
}

/** Reads the session cookie's operator once per page load (or after sign-in). */
export async function loadSession(): Promise<SessionOperator | null> {
  try {
    adopt(await unwrap<SessionBody>(api.GET('/admin/api/auth/me')));
  } catch {
    session.operator = null;
  }
  session.checked = true;
  return session.operator;
}

export async function signIn(username: string, password: string): Promise<SessionOperator | null> {
  const operator = adopt(await unwrap<SessionBody>(api.POST('/admin/api/auth/login', { body: { username, password } })));
  session.checked = true;
  return operator;
}

export async function signOut(): Promise<void> {
  try {
    await unwrap(api.POST('/admin/api/auth/logout'));
  } finally {
    session.operator = null;
    setCsrfToken(null);
  }
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  adopt(await unwrap<SessionBody>(api.POST('/admin/api/auth/password', { body: { currentPassword, newPassword } })));
  if (session.operator) session.operator.mustChangePassword = false;
}

export type Area =
  | 'dashboard'
  | 'inbox'
  | 'keywords'
  | 'simulator'
  | 'unmatched'
  | 'tickets'
  | 'appointments'
  | 'menu'
  | 'numbered-menus'
  | 'news'
  | 'guides'
  | 'places'
  | 'calendar'
  | 'operators'
  | 'audit'
  | 'stats'
  | 'participation'
  | 'followers'
  | 'broadcasts'
  | 'qrcodes';

const CONTENT: Area[] = ['news', 'guides', 'places', 'menu', 'numbered-menus'];
/** Taking part (polls, tips, published answers) and reaching citizens (followers, 群发, QR codes). */
const REACH: Area[] = ['participation', 'followers', 'broadcasts', 'qrcodes'];

/**
 * Which screens a role works in: editors write replies, content and menus; handlers answer
 * citizens' tickets and receive bookings; emergency operators see 应急 tickets; admins do everything.
 */
const AREAS: Record<string, Area[]> = {
  admin: ['dashboard', 'inbox', 'keywords', 'simulator', 'unmatched', 'tickets', 'appointments', ...CONTENT, 'calendar', 'operators', 'audit', 'stats', ...REACH],
  editor: ['dashboard', 'keywords', 'simulator', 'unmatched', ...CONTENT, ...REACH],
  handler: ['dashboard', 'tickets', 'appointments'],
  emergency: ['dashboard', 'tickets', 'broadcasts'],
};

export function canUse(area: Area, operator = session.operator): boolean {
  return !!operator && operator.roles.some((role) => AREAS[role]?.includes(area));
}
