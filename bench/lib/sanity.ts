import { verifierFor } from './rounds.js';
import type { Scenario } from './scenarios.js';
import type { Server } from './servers.js';
import { DEFAULT_REPLY } from './setup.js';

/**
 * One request per scenario before any load: the product must answer as the scenario
 * expects (a wrong setup would otherwise be measured as a fast failure). Returns notes
 * for the report, e.g. which path answered the search scenario.
 */
export async function checkScenarios(product: Server, baseline: Server, scenarios: Scenario[]): Promise<string[]> {
  const notes: string[] = [];
  for (const scenario of scenarios) {
    const [request] = scenario.build(1);
    for (const server of [product, baseline]) {
      const res = await fetch(`${server.baseUrl}${request!.path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: request!.body });
      const body = await res.text();
      if (res.status !== 200 || !verifierFor(server, scenario)(body)) {
        throw new Error(`${server.name} answered scenario ${scenario.id} unexpectedly: ${res.status} ${body.slice(0, 300)}`);
      }
      if (server === product && scenario.id === 'search') notes.push(describeSearch(body));
    }
  }
  return notes;
}

function describeSearch(body: string): string {
  if (body === 'success') return 'Search scenario: the product answered `success` (no passive reply).';
  const content = /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(body)?.[1];
  const title = /<Title><!\[CDATA\[([\s\S]*?)\]\]><\/Title>/.exec(body)?.[1];
  if (content?.includes(DEFAULT_REPLY)) return 'Search scenario: answered by the default reply path (no search result matched).';
  const shown = (content ?? title ?? '').replace(/\s+/g, ' ').slice(0, 60);
  return (
    `Search scenario: answered by the content feature's search (sample reply: “${shown}…”). ` +
    'The questions repeat, as in a burst after a push, so most are answered from the 30-second result cache; ' +
    '`bench/search.ts` measures the database search itself, with the cache off.'
  );
}
