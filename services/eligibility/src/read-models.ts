import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { READ_MODELS, SERVICE_RUNTIME, type ServiceRuntime } from '@benefits/http';
import { innermostStore, type EventStore } from '@benefits/event-store';
import type { Projection, ReadModels } from '@benefits/read-store';
import { activeCasesProjection } from './determinations/active-cases';
import { standardsCatalogProjection } from './standards/standards-catalog';
import { simulationBasisProjection } from './simulations/basis';
import { simulationsProjection } from './simulations/simulation-stream';

/** The read models of the eligibility service. */
export function eligibilityProjections(store: EventStore): Projection[] {
  return [standardsCatalogProjection({ store }), activeCasesProjection(), simulationBasisProjection(), simulationsProjection()];
}

/**
 * The eligibility read models of this process, by the event store they follow. The HTTP app
 * registers its `ReadModels` here and the consumer of the same store (created after it, by the
 * process: `npm start`, the standalone process, the test harnesses) takes them from here, so one
 * process runs one set of eligibility projections and the HTTP app and the consumer share one
 * catalog copy — an import answered by the HTTP app is seen by the next determination.
 */
const byStore = new WeakMap<EventStore, ReadModels>();

export function sharedReadModels(store: EventStore): ReadModels | null {
  return byStore.get(innermostStore(store)) ?? null;
}

/** Registers the HTTP app's read models for its store while the app is open. */
@Injectable()
export class ReadModelsSharing implements OnModuleDestroy {
  private readonly store: EventStore;

  constructor(@Inject(SERVICE_RUNTIME) runtime: ServiceRuntime, @Inject(READ_MODELS) private readonly readModels: ReadModels) {
    // Keyed by the store under its wrappers (metrics, tracing): the consumer may hold another view of it.
    this.store = innermostStore(runtime.store);
    byStore.set(this.store, readModels);
  }

  onModuleDestroy(): void {
    if (byStore.get(this.store) === this.readModels) byStore.delete(this.store);
  }
}
