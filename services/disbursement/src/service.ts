import { Module } from '@nestjs/common';
import type { ServiceDefinition } from '@benefits/http';

@Module({})
class DisbursementModule {}

/** 资金发放: entitlement schedules to payments, bank files and reconciliation. */
export const disbursementService: ServiceDefinition = {
  name: 'disbursement',
  title: 'disbursement — 资金发放与对账',
  description: 'Payments per beneficiary and benefit period, payment envelopes, bank files and reconciliation.',
  module: () => ({ module: DisbursementModule }),
  describeRoutes: () => undefined,
};
