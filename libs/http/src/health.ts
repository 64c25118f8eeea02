import { Controller, Get, Inject, Module, type DynamicModule } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Public } from '@benefits/identity';

/** What "ready" means for a service: typically that its event store answers a query. */
export type ReadinessProbe = () => Promise<void>;
export const READINESS_PROBES = Symbol('READINESS_PROBES');

@Controller('health')
@Public()
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(READINESS_PROBES) private readonly probes: Record<string, ReadinessProbe>,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      Object.entries(this.probes).map(([name, probe]) => async () => {
        const check = this.indicator.check(name);
        try {
          await probe();
          return check.up();
        } catch (error) {
          return check.down({ message: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
  }
}

@Module({})
export class HealthModule {
  static register(probes: Record<string, ReadinessProbe>): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: READINESS_PROBES, useValue: probes }],
    };
  }
}
