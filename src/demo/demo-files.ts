import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../lib/paths.js';

/** Reads a JSON file under config/ (shipped defaults such as config/defaults/intents.json). */
export async function readConfig<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(projectRoot(), 'config', name), 'utf8')) as T;
}

/** Reads a file of the fictional demo content under config/demo/. */
export function readDemo<T>(name: string): Promise<T> {
  return readConfig<T>(path.join('demo', name));
}
