import { z } from '@benefits/http';
import type { StepRouteTable } from '../../step-routes';
import type { Apply, ExampleCommand } from './commands';

const EffectiveDated = z.strictObject({ effectiveFrom: z.string().date(), reason: z.string().min(1) });

/** The example benefit's step routes: `POST /cases/example/{caseId}/<path>` (sample data). */
export const EXAMPLE_STEP_ROUTES: StepRouteTable<Exclude<ExampleCommand, Apply>> = [
  {
    path: 'determinations',
    command: 'RecordDetermination',
    schema: z.strictObject({ determinationId: z.string(), eligible: z.boolean(), monthlyAmountFen: z.number().int().nonnegative() }),
    summary: 'record the determination',
    description: 'Roles case_officer or admin.',
    internal: true,
  },
  { path: 'approve', command: 'Approve', schema: z.strictObject({ determinationId: z.string() }), summary: '审核确认: approve', description: 'Role approver; maker-checker.' },
  { path: 'reject', command: 'Reject', schema: z.strictObject({ reasons: z.array(z.string()).min(1) }), summary: '审核确认: reject', description: 'Role approver; maker-checker.' },
  { path: 'suspend', command: 'SuspendPayment', schema: EffectiveDated, summary: '停发', description: 'Role approver.' },
  { path: 'resume', command: 'ResumePayment', schema: EffectiveDated, summary: '恢复', description: 'Role approver.' },
  {
    path: 'exit',
    command: 'ExitCase',
    schema: z.strictObject({ effectiveFrom: z.string().date(), reason: z.enum(['death', 'incomeAboveStandard', 'other']), note: z.string() }),
    summary: '退出',
    description: 'Role approver.',
  },
];
