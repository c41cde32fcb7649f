import { createTestApp, type TestApp, type TestAppOptions } from '../../helpers/app.js';

export interface FaultApp extends TestApp {
  schema: string;
}

export interface FaultAppOptions extends Omit<TestAppOptions, 'shareWith' | 'isolation'> {
  /** Share the schema and key prefix (and so the data) of another fault app: a second instance. */
  shareWith?: FaultApp;
}

/**
 * createTestApp with services of the test's own (a Redis it can stall or kill, a
 * cluster it can stop), so a fault never touches other test files.
 */
export async function createFaultApp(options: FaultAppOptions = {}): Promise<FaultApp> {
  const t = await createTestApp(options);
  return { ...t, schema: t.isolation.schema };
}
