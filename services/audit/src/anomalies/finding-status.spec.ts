import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_STATUSES as FROM_FINDING } from './finding';
import { FINDING_STATUSES } from './finding-status';
import { ListFindingsQuerySchema } from './anomalies.schemas';

describe('finding statuses shared by the request schemas and the finding fold', () => {
  it('are one list: the fold re-exports what the schemas validate with', () => {
    expect(FROM_FINDING).toBe(FINDING_STATUSES);
    for (const status of FINDING_STATUSES) expect(ListFindingsQuerySchema.parse({ status })).toEqual({ status });
    expect(ListFindingsQuerySchema.safeParse({ status: 'closed' }).success).toBe(false);
  });

  it('the schemas file imports nothing of the server (the web console bundles it as it is)', () => {
    const source = readFileSync(join(__dirname, 'anomalies.schemas.ts'), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['@benefits/http', '@benefits/kernel', './finding-status']);
  });
});
