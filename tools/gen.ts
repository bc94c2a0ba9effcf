// Regenerates every derived source file from its single source of truth.
// `npm run gen` writes them; tests/gen.test.ts fails when a committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED } from './gen/targets.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const g of GENERATED) {
  writeFileSync(root + g.path, g.generate());
  console.log(`wrote ${g.path}`);
}
