import { isDomainError } from '@benefits/kernel';
import { mayActInDivision } from '../tefu/decider';
import { indexEntry, isOverdue } from './case-index';
import { caseListQuery, divisionScope, listScope } from './case-list';
import { ListCasesQuerySchema } from './case-list.schemas';

const q = (raw: Record<string, string>) => ListCasesQuerySchema.parse(raw);

describe('case list: division scope', () => {
  it('is the reading of mayActInDivision from the actor side', () => {
    const divisions = ['330402', '330411', '330400', '330000', '320102', '320100', '320000'];
    for (const actor of divisions) {
      for (const caseDivision of divisions) {
        expect({ actor, caseDivision, sees: caseDivision.startsWith(divisionScope(actor)) }).toEqual({
          actor,
          caseDivision,
          sees: mayActInDivision(actor, caseDivision),
        });
      }
    }
  });

  it('narrows to a requested division inside the actor’s and refuses one outside (DIVISION_NOT_ALLOWED)', () => {
    expect(listScope('330400', undefined)).toBe('3304');
    expect(listScope('330400', '330411')).toBe('330411');
    expect(listScope('330000', '330400')).toBe('3304');
    expect(listScope('330402', '330402')).toBe('330402');
    for (const [actor, requested] of [['330402', '330411'], ['330402', '330400'], ['330400', '330000'], ['330400', '320100']]) {
      let code = 'none';
      try {
        listScope(actor, requested);
      } catch (error) {
        code = isDomainError(error) ? error.code : 'other';
      }
      expect({ actor, requested, code }).toEqual({ actor, requested, code: 'DIVISION_NOT_ALLOWED' });
    }
  });
});

describe('case list: query', () => {
  const today = '2025-03-01';

  it('filters by benefit and status within the division scope, newest first by default', () => {
    expect(caseListQuery(q({ benefit: 'tefu', status: 'submitted' }), '330400', today)).toEqual({
      filter: { divisionCode: { startsWith: '3304' }, benefit: 'tefu', status: 'submitted' },
      sort: [{ field: 'updatedAt', direction: 'desc' }],
      limit: 50,
      cursor: null,
    });
    expect(caseListQuery(q({ sort: 'openedOn', limit: '10', cursor: 'abc' }), '330402', today)).toMatchObject({
      sort: [{ field: 'openedOn', direction: 'asc' }],
      limit: 10,
      cursor: 'abc',
    });
  });

  it('reads due filters on the earliest open item, or on one item of the asked kind', () => {
    const filter = (raw: Record<string, string>) => caseListQuery(q(raw), '330402', today).filter;
    expect(filter({ overdue: 'true' })).toMatchObject({ nextDueOn: { lt: today } });
    expect(filter({ dueBefore: '2025-06-01' })).toMatchObject({ nextDueOn: { lt: '2025-06-01' } });
    expect(filter({ dueBefore: '2025-01-01', overdue: 'true' })).toMatchObject({ nextDueOn: { lt: '2025-01-01' } });
    expect(filter({ dueBefore: '2025-06-01', overdue: 'true' })).toMatchObject({ nextDueOn: { lt: today } });
    expect(filter({ dueKind: 'tefu.annualReview' })).toMatchObject({ dueKeys: { startsWith: 'tefu.annualReview|' } });
    expect(filter({ dueKind: 'tefu.annualReview', overdue: 'true' })).toMatchObject({
      dueKeys: { gte: 'tefu.annualReview|', lt: `tefu.annualReview|${today}` },
    });
  });

  it('refuses malformed parameters and unknown ones', () => {
    for (const raw of [{ limit: '0' }, { limit: '201' }, { limit: '1.5' }, { overdue: 'false' }, { dueBefore: '2025-02-30' }, { division: '3304' }, { benefit: 'other' }, { sort: 'status' }, { dueKind: 'annual|review' }]) {
      expect(ListCasesQuerySchema.safeParse(raw).success).toBe(false);
    }
    const unknown = ListCasesQuerySchema.safeParse({ page: '2' });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0].code).toBe('unrecognized_keys');
  });
});

describe('case index entry', () => {
  const summary = {
    caseId: 'c-1',
    benefit: 'tefu' as const,
    divisionCode: '330402',
    status: 'active',
    revision: 3,
    openedOn: '2024-08-05',
    updatedAt: '2024-08-05T02:00:00.000Z',
    due: [
      { kind: 'tefu.annualReview', dueOn: '2025-08-05' },
      { kind: 'tefu.other', dueOn: '2025-02-01' },
    ],
  };

  it('orders due items earliest first and derives the query fields', () => {
    const entry = indexEntry(summary);
    expect(entry.due.map((d) => d.dueOn)).toEqual(['2025-02-01', '2025-08-05']);
    expect(entry.nextDueOn).toBe('2025-02-01');
    expect(entry.dueKeys).toEqual(['tefu.other|2025-02-01', 'tefu.annualReview|2025-08-05']);
    expect(indexEntry({ ...summary, due: [] })).toMatchObject({ nextDueOn: null, dueKeys: [] });
  });

  it('is overdue when an open item is due before today (the due day itself is on time)', () => {
    expect(isOverdue(summary, '2025-02-01')).toBe(false);
    expect(isOverdue(summary, '2025-02-02')).toBe(true);
  });
});
