import v8 from 'node:v8';
import vm from 'node:vm';

export const MB = 1024 * 1024;

/** A full GC, exposed at run time (vitest workers start without --expose-gc). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * Live heap after the request streams of earlier injects have been released (they
 * linger for a few ticks) and two full collections.
 */
export async function settledHeapUsed(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
