import { mkdir, rm, stat, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/app.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const source = join(repo, 'src/console');
const built = join(repo, 'dist/console/index.html');
const lock = join(repo, 'dist/.console-build.lock');
/**
 * The committed pictures of each screen are refreshed with `CONSOLE_SCREENSHOTS=1`; ordinary runs still take
 * them (so a screen that fails to draw fails the test) but write under dist/, leaving the working tree clean.
 */
export const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS ? join(repo, 'test/console/screenshots') : join(repo, 'dist/console-screenshots');
/** Browser tests drive a slow, shared machine: one timeout for their vitest blocks. */
export const BROWSER_TEST_TIMEOUT = 180_000;
export const ADMIN = { username: 'admin', password: 'console-test-password-01' };

async function newest(dir: string): Promise<number> {
  let max = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? await newest(path) : (await stat(path)).mtimeMs);
  }
  return max;
}

/** Builds the console with Vite's JS API when dist/console is missing or older than src/console; one file builds, the others wait. */
export async function ensureConsoleBuilt(): Promise<void> {
  for (;;) {
    if (existsSync(built) && (await stat(built)).mtimeMs >= (await newest(source))) return;
    await mkdir(join(repo, 'dist'), { recursive: true });
    try {
      await mkdir(lock);
    } catch {
      // Another test file is building; a lock older than five minutes was left by a crash.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 300_000) await rm(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      const { build } = await import('vite');
      await build({ configFile: join(source, 'vite.config.ts'), logLevel: 'warn' });
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

export interface ConsoleRig {
  test: TestApp;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A real app listening on a free port (real PostgreSQL, Redis, fake WeChat) and Debian's Chromium, headless. */
export async function startConsole(options: TestAppOptions = {}): Promise<ConsoleRig> {
  await ensureConsoleBuilt();
  const test = await createTestApp({
    ...options,
    env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...options.env },
  });
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const address = test.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // playwright gives every launch a fresh temporary profile (user data dir).
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    test,
    base,
    browser,
    async close() {
      await browser.close();
      await test.close();
    },
  };
}

export interface ConsolePage {
  page: Page;
  /** Every URL the page requested, to prove nothing left the server. */
  requests: string[];
}

/** A fresh browser context (no cookies) at 1366×768 in China Standard Time. */
export async function openPage(rig: ConsoleRig): Promise<ConsolePage> {
  const context = await rig.browser.newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  const page = await context.newPage();
  // Shorter than the test's own timeout, so a failure names the element that never came.
  page.setDefaultTimeout(20_000);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  return { page, requests };
}

export async function signIn(page: Page, base: string, username = ADMIN.username, password = ADMIN.password): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/console/`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  // Let transitions (drawers, messages) settle so the picture shows the final state.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The hosts other than the app's own that the page contacted (data: and blob: URLs stay in the page). */
export function foreignRequests(requests: string[], base: string): string[] {
  const own = new URL(base).host;
  return requests.filter((url) => /^https?:/.test(url) && new URL(url).host !== own);
}
