import { createRequire } from 'node:module';

// The yaml package takes ~40 ms to load, and most runs read no YAML at all (no bulkhead.yaml, no
// .bulkheadignore): it is loaded on first use instead of at start-up. Its CommonJS build is the
// same library as the ESM one.
const require = createRequire(import.meta.url);
let loaded: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  loaded ??= require('yaml') as typeof import('yaml');
  return loaded;
}
