/**
 * Calls `stop` once for the first of: SIGTERM, SIGINT, SIGHUP (the terminal closed) or,
 * when `watchParent` is set, the parent process going away. npm forwards only SIGTERM and
 * SIGINT to its script; killed any other way it leaves the script behind, re-parented,
 * so a server started by npm notices its parent change and stops with it.
 */
export function onStopRequest(stop: (reason: string) => void, options: { watchParent: boolean }): void {
  let requested = false;
  const once = (reason: string) => {
    if (requested) return;
    requested = true;
    stop(reason);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => once(signal));
  if (options.watchParent) {
    const parent = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(timer);
      once('parent process exited');
    }, 500);
    timer.unref();
  }
}
