import { adminHeaders } from '../helpers/app.js';
import type { ConsoleRig } from './browser.js';

/** The departments the test accounts configure for tickets and handlers. */
export const DEPARTMENTS = ['城管局', '住建局', '民政局'];

export async function configureDepartments(rig: ConsoleRig): Promise<void> {
  const res = await rig.test.app.inject({ method: 'PUT', url: '/admin/api/tickets/settings', headers: adminHeaders, payload: { departments: DEPARTMENTS } });
  if (res.statusCode !== 200) throw new Error(`ticket settings: ${res.statusCode} ${res.body}`);
}

/**
 * An operator who signs in to the console. An admin-set password must be changed at the first
 * sign-in; here that change is taken as done, so the test starts on the operator's own pages.
 */
export async function consoleOperator(rig: ConsoleRig, name: string, username: string, roles: string[], department?: string) {
  const password = `${username}-Passw0rd-2026`;
  const res = await rig.test.app.inject({
    method: 'POST',
    url: '/admin/api/operators',
    headers: adminHeaders,
    payload: { name, roles, username, password, ...(department ? { department } : {}) },
  });
  if (res.statusCode !== 201) throw new Error(`create operator: ${res.statusCode} ${res.body}`);
  await rig.test.db.query('UPDATE operators SET must_change_password = false WHERE username = $1', [username]);
  return { username, password };
}

/** An admin API call with the super-admin token (test setup, not what the page does). */
export async function adminCall(rig: ConsoleRig, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await rig.test.app.inject({ method, url: `/admin/api${url}`, headers: adminHeaders, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body };
}
