import { Module } from '@nestjs/common';
import type { ServiceDefinition } from '@benefits/http';

@Module({})
class EligibilityModule {}

/** 资格认定: standards catalog and rule engines producing determinations. */
export const eligibilityService: ServiceDefinition = {
  name: 'eligibility',
  title: 'eligibility — 标准目录与资格认定',
  description: 'Standards catalog, rule engines and determinations pinned to a standard version and clause.',
  module: () => ({ module: EligibilityModule }),
  describeRoutes: () => undefined,
};
