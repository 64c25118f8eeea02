import { Module } from '@nestjs/common';
import type { ServiceDefinition } from '@benefits/http';

@Module({})
class ApplicationsModule {}

/** 申请受理: officers' intake and case workflow. Case endpoints arrive with the case lifecycle. */
export const applicationsService: ServiceDefinition = {
  name: 'applications',
  title: 'applications — 申请受理与案件办理',
  description: 'Intake, households and facts, and the case workflow of 低保, 临时救助 and 计生特扶.',
  module: () => ({ module: ApplicationsModule }),
  describeRoutes: () => undefined,
};
