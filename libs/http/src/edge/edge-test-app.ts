import { Body, Controller, HttpCode, Module, Post, Req } from '@nestjs/common';
import type { EventStore } from '@benefits/event-store';
import { Public, type TokenVerifier } from '@benefits/identity';
import { createServiceApp, type ServiceDefinition } from '../service-app';

/** A service with one JSON command and one upload, both open, so that only the edge decides. */
@Controller()
@Public()
class EchoController {
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown): unknown {
    return { received: body };
  }

  @Post('upload')
  @HttpCode(200)
  upload(@Req() req: { body?: unknown }): unknown {
    return { bytes: Buffer.isBuffer(req.body) ? req.body.length : null };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const echoService: ServiceDefinition = {
  name: 'applications',
  title: 'edge test service',
  description: 'echoes what passes the edge',
  module: () => ({ module: EchoModule }),
  describeRoutes: () => undefined,
};

/** Nothing in an edge test reads events: the readiness probe only asks for the head position. */
const noEvents = { headPosition: async () => 0n } as unknown as EventStore;
const noTokens: TokenVerifier = { verify: async () => { throw new Error('no tokens in edge tests'); } } as unknown as TokenVerifier;

/** A real service app (createServiceApp) over the echo service, with `env` overriding the edge settings. */
export async function startEdgeTestApp(env: Record<string, string> = {}) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await createServiceApp(echoService, { store: noEvents, verifier: noTokens }, { logger: false });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
