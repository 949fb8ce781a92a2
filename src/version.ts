// reid's version, from package.json (one source of truth).
import { readFileSync } from 'node:fs';

export const reidVersion: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
