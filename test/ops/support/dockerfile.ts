import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of the Dockerfile that the image-tree test reproduces, read from the file itself. */
export interface DockerfileSteps {
  /** RUN commands of the build stage after `npm run build` (pruning the tree). */
  pruneCommands: string[];
  /** The runtime stage's COPY lines: from the build stage or from the context, to a path under /app. */
  copies: Array<{ fromBuild: boolean; sources: string[]; target: string }>;
  env: Record<string, string>;
  user: string;
  healthcheck: string;
  cmd: string[];
}

export function readDockerfile(root: string): DockerfileSteps {
  // Continuation lines joined, comments dropped.
  const lines = readFileSync(path.join(root, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const runtimeStart = lines.findIndex((line) => /^FROM .* AS runtime$/i.test(line));
  if (runtimeStart < 0) throw new Error('Dockerfile has no runtime stage');
  const build = lines.slice(0, runtimeStart);
  const runtime = lines.slice(runtimeStart);
  const builtAt = build.findIndex((line) => line === 'RUN npm run build');
  if (builtAt < 0) throw new Error('the build stage does not RUN npm run build');
  const steps: DockerfileSteps = { pruneCommands: [], copies: [], env: {}, user: 'root', healthcheck: '', cmd: [] };
  steps.pruneCommands = build.slice(builtAt + 1).filter((line) => line.startsWith('RUN ')).map((line) => line.slice(4));
  for (const line of runtime) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (instruction === 'COPY') {
      const words = rest.filter((word) => !word.startsWith('--chown'));
      const fromBuild = words[0] === '--from=build';
      const paths = fromBuild ? words.slice(1) : words;
      steps.copies.push({ fromBuild, sources: paths.slice(0, -1), target: paths.at(-1)! });
    } else if (instruction === 'ENV') {
      for (const pair of rest) {
        const [name, value] = pair.split('=');
        steps.env[name!] = value!;
      }
    } else if (instruction === 'USER') steps.user = args;
    else if (instruction === 'HEALTHCHECK') steps.healthcheck = args.slice(args.indexOf('CMD ') + 4);
    else if (instruction === 'CMD') steps.cmd = JSON.parse(args) as string[];
  }
  return steps;
}
