/**
 * `npm run eval`: the evaluation set through the real app; prints top-1/top-3 accuracy
 * per group and overall, and the messages that missed (needs PostgreSQL and Redis as for `npm test`).
 */
import { cleanUpNow } from '../helpers/cleanup.js';
import { failures, runEvaluation, table } from './evaluate.js';

const results = await runEvaluation();
await cleanUpNow();
console.log(table(results));
const missed = failures(results);
console.log(missed ? `\nMissed (top-3):\n${missed}` : '\nNo misses.');
process.exit(0);
