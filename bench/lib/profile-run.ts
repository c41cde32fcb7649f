import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { perConnection, runLoad } from './load.js';
import { summarizeProfile, type ProfileSummary } from './profile.js';
import { SCENARIOS, type ScenarioId } from './scenarios.js';
import { startProduct, type ProductOptions } from './servers.js';

/**
 * One scenario (plaintext unless told) against a product started with `node --cpu-prof`;
 * the profile is written when the process exits after SIGTERM.
 */
export async function profileScenario(
  options: ProductOptions,
  load: { connections: number; durationSec: number; rps: number },
  dir: string,
  scenarioId: ScenarioId = 'plaintext',
): Promise<{ summary: ProfileSummary; file: string; scenario: ScenarioId }> {
  mkdirSync(dir, { recursive: true });
  const product = await startProduct({ ...options, nodeFlags: [...(options.nodeFlags ?? []), '--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const scenario = SCENARIOS.find((s) => s.id === scenarioId);
  if (!scenario) throw new Error(`unknown scenario ${scenarioId}`);
  let exitCode: number | null;
  let measured: { from: number; to: number };
  try {
    const size = Math.ceil(load.rps * (load.durationSec + 1) * 1.6) + load.connections * 50;
    await runLoad({ baseUrl: product.baseUrl, pid: product.child.pid, connections: load.connections, durationSec: 1, perConnection: perConnection(scenario.build, load.connections, size / 4), verify: scenario.verify });
    const result = await runLoad({ baseUrl: product.baseUrl, pid: product.child.pid, connections: load.connections, durationSec: load.durationSec, perConnection: perConnection(scenario.build, load.connections, size), verify: scenario.verify });
    measured = result.window;
  } finally {
    exitCode = await product.stop();
  }
  const exitedAt = Date.now();
  if (exitCode !== 0) throw new Error(`the profiled server exited with ${exitCode}`);
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f)).sort().at(-1);
  if (!file) throw new Error(`no .cpuprofile written to ${dir}`);
  // The profile ends at the exit; the measured load is located relative to it.
  return { summary: summarizeProfile(file, { fromEndUs: (exitedAt - measured.from) * 1000, toEndUs: (exitedAt - measured.to) * 1000 }), file, scenario: scenarioId };
}
