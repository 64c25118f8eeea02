/**
 * Records the determinations corpus of the current ruleset versions:
 *   node tools/run-ts.js libs/benefits/src/__corpus__/record.ts
 * A corpus file that exists is never rewritten: a released version's corpus is frozen (its hash is
 * in released.json). A new ruleset version gets a new file, recorded once, then added to released.json.
 */
import { createHash } from 'crypto';
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { evaluate } from '../evaluate/evaluate';
import { shippedPacks } from '../packs/shipped';
import { CURRENT_RULESET } from '../rulesets';
import { corpusRequests } from './requests';

const packs = shippedPacks();
for (const [benefit, entries] of Object.entries(corpusRequests()) as [keyof ReturnType<typeof corpusRequests>, { id: string; request: object }[]][]) {
  const version = CURRENT_RULESET[benefit];
  const file = join(__dirname, `${version}.json`);
  if (existsSync(file)) {
    console.log(`${version}: exists, left unchanged`);
    continue;
  }
  const records = entries.map(({ id, request }) => {
    const pinned = { ...request, rulesetVersion: version };
    return { id, request: pinned, result: evaluate(pinned, packs) };
  });
  const text = `${JSON.stringify({ rulesetVersion: version, records }, null, 1)}\n`;
  writeFileSync(file, text);
  const entry = { file: `${version}.json`, sha256: createHash('sha256').update(text).digest('hex'), records: records.length };
  console.log(`${version}: recorded ${records.length} determinations; released.json entry when it ships:`);
  console.log(JSON.stringify({ [version]: entry }));
}
