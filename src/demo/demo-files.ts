import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../lib/paths.js';

/** Reads a file of the fictional demo content under config/demo/. */
export async function readDemo<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(projectRoot(), 'config', 'demo', name), 'utf8')) as T;
}
