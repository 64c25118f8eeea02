import { prepareSimulation, simulatePage, type PreparedSimulation, type SimulationContextData } from './simulate';
import type { PageResult, SimulationBasis } from './types';

/**
 * One page of a simulation in a worker thread. The context (catalog, 低保标准 series, request) comes
 * once per simulation as JSON in a SharedArrayBuffer every task points to, so it is decoded once per
 * worker and simulation, never copied per page.
 */
export interface PageTask {
  simulationId: string;
  context: SharedArrayBuffer;
  cases: SimulationBasis[];
}

const prepared = new Map<string, PreparedSimulation>();

export function encodeContext(data: SimulationContextData): SharedArrayBuffer {
  const bytes = new TextEncoder().encode(JSON.stringify(data));
  const shared = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(shared).set(bytes);
  return shared;
}

export function preparedFor(task: Pick<PageTask, 'simulationId' | 'context'>): PreparedSimulation {
  let simulation = prepared.get(task.simulationId);
  if (!simulation) {
    const data = JSON.parse(new TextDecoder().decode(new Uint8Array(task.context).slice())) as SimulationContextData;
    simulation = prepareSimulation(data);
    // Two simulations at most per worker: the one running and the one starting.
    if (prepared.size >= 2) prepared.delete(prepared.keys().next().value!);
    prepared.set(task.simulationId, simulation);
  }
  return simulation;
}

export default function runPage(task: PageTask): PageResult {
  return simulatePage(preparedFor(task), task.cases);
}
