import { auditArea } from './audit';
import { casesArea } from './cases';
import { financeArea } from './finance';
import { simulationArea } from './simulation';
import { standardsArea } from './standards';
import type { ConsoleArea } from './types';

/** The console's areas, in menu order. */
export const AREAS: readonly ConsoleArea[] = [casesArea, standardsArea, financeArea, simulationArea, auditArea];
