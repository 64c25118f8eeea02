import { golden000 } from './golden-000';
import { golden001 } from './golden-001';
import { golden003 } from './golden-003';
import { golden004 } from './golden-004';

export type { GoldenDocument, GoldenItem, GoldenField } from './golden-types';
export const goldenDocuments = [golden000, golden001, golden003, golden004];
