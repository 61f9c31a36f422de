#!/usr/bin/env node
// Writes the JSON-LD contexts bundled with zld (core/src/linked/contexts/*.ts, the source) as .jsonld files
// here, for people and tools that want them as files (e.g. `zld lookup --context URL=FILE` elsewhere).
// Run after `npm run build`: node core/assets/contexts/generate.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONTEXT_FILES } from '../../dist/linked/contexts/index.js';

for (const [name, { url, document }] of Object.entries(CONTEXT_FILES)) {
  const file = fileURLToPath(new URL(`./${name}.jsonld`, import.meta.url));
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${file} (${url})`);
}
