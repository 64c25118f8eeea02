import type { CollectionSchema } from '../document-store';
import { encodeCursor, normalizeFind } from '../query';
import { mongoFind } from './mongo-document-store';

/**
 * The MongoDB adapter's query translation, checked without a server (the contract suite runs it
 * against one when a container runtime or BENEFITS_TEST_MONGO_URL exists).
 */
const SCHEMA: CollectionSchema = { name: 'items', fields: { status: 'string', score: 'number', nextDueOn: 'string?', dueKeys: 'string[]', updatedAt: 'string' } };

describe('MongoDB query translation', () => {
  it('maps conditions onto the stored document (d.<field>), arrays with $elemMatch, prefixes as anchored, escaped regexes', () => {
    const query = normalizeFind(SCHEMA, {
      filter: {
        status: { in: ['a', 'b'] },
        score: { gte: 2, lt: 5 },
        dueKeys: { gte: 'k|', lt: 'k|2025-01-01' },
        updatedAt: { startsWith: '2024-08.' },
        nextDueOn: '2024-09-01',
      },
    });
    expect(mongoFind(query)).toEqual({
      filter: {
        $and: [
          {
            $and: [
              { 'd.dueKeys': { $elemMatch: { $gte: 'k|', $lt: 'k|2025-01-01' } } },
              { 'd.nextDueOn': { $eq: '2024-09-01' } },
              { 'd.score': { $gte: 2, $lt: 5 } },
              { 'd.status': { $in: ['a', 'b'] } },
              { 'd.updatedAt': { $regex: '^2024-08\\.' } },
            ],
          },
        ],
      },
      sort: { _id: 1 },
    });
  });

  it('continues after a cursor lexicographically over the sort keys, then the id', () => {
    const sort = [
      { field: 'updatedAt', direction: 'desc' as const },
      { field: 'score', direction: 'asc' as const },
    ];
    const first = normalizeFind(SCHEMA, { sort, limit: 1 });
    const cursor = encodeCursor(first.queryKey, first.sort, 'i-7', { updatedAt: '2024-08-12', score: 7 });
    const { filter, sort: order } = mongoFind(normalizeFind(SCHEMA, { sort, limit: 1, cursor }));
    expect(order).toEqual({ 'd.updatedAt': -1, 'd.score': 1, _id: 1 });
    expect(filter).toEqual({
      $and: [
        {},
        {
          $or: [
            { 'd.updatedAt': { $lt: '2024-08-12' } },
            { 'd.updatedAt': '2024-08-12', 'd.score': { $gt: 7 } },
            { 'd.updatedAt': '2024-08-12', 'd.score': 7, _id: { $gt: 'i-7' } },
          ],
        },
      ],
    });
  });
});
