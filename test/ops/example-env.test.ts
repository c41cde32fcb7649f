import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { root } from './support/project.js';

const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Variable names in the first column of the README's configuration table. */
function readmeVariables(): string[] {
  const section = read('README.md').split('\n## Configuration\n')[1]!.split('\n## ')[0]!;
  const table = section.slice(section.indexOf('| Variable |'));
  return [...table.split('\n\n')[0]!.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);
}

/** Every variable example.env names, set or commented out, with the values of the set ones. */
function exampleEnv(): { names: string[]; values: Map<string, string> } {
  const names: string[] = [];
  const values = new Map<string, string>();
  for (const line of read('config/example.env').split('\n')) {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    names.push(match[2]!);
    if (!match[1]) values.set(match[2]!, match[3]!);
  }
  return { names, values };
}

/** The app service's `environment:` of docker-compose.yml, which overrides .env. */
function composeAppEnvironment(): Record<string, string> {
  const app = read('docker-compose.yml').split('\n  app:\n')[1]!.split(/\n {2}[a-z]+:\n/)[0]!;
  const environment = app.split('\n    environment:\n')[1]!.split(/\n {4}[a-z_]+:/)[0]!;
  return Object.fromEntries([...environment.matchAll(/^ {6}([A-Z_]+): "?([^"\n]*)"?$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** What an operator would type into each blank of example.env. */
const FILLED: Record<string, string> = {
  WECHAT_TOKEN: 'citytoken2026',
  WECHAT_APPID: 'wx1234567890abcdef',
  WECHAT_APPSECRET: '0123456789abcdef0123456789abcdef',
  WECHAT_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  ADMIN_TOKEN: 'a-long-city-admin-token-2026',
  ADMIN_USERNAME: 'cityadmin',
  ADMIN_PASSWORD: 'a-long-city-password',
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

describe('config/example.env and the README agree', () => {
  it('when the README table lists a variable then example.env names it, and the other way round', () => {
    const documented = readmeVariables();
    expect(documented.length).toBeGreaterThan(20);
    expect([...new Set(exampleEnv().names)].sort()).toEqual([...new Set(documented)].sort());
  });

  it('when the configuration reads a variable then the README table describes it', () => {
    const source = read('src/config/config.ts');
    const read_ = [...source.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)].map((m) => m[1]!);
    expect(read_.length).toBeGreaterThan(20);
    const documented = new Set(readmeVariables());
    expect(read_.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('when every blank of example.env is filled and compose adds its services then production starts', () => {
    const { values } = exampleEnv();
    const env: Record<string, string> = {};
    for (const [name, value] of values) {
      if (value !== '') env[name] = value;
      else if (FILLED[name]) env[name] = FILLED[name];
      else throw new Error(`example.env leaves ${name} blank: add what an operator would fill in to this test`);
    }
    for (const [name, value] of Object.entries(composeAppEnvironment())) env[name] = value.replace('${WEIZHENG_DOMAIN}', env.WEIZHENG_DOMAIN ?? '');
    expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
    const config = loadConfig(env);
    expect(config.env).toBe('production');
    expect(config.publicBaseUrl).toBe(`https://${env.WEIZHENG_DOMAIN}`);
    expect(config.trustProxy).toBe(true);
  });
});
