import { ExperimentOutlined } from '@ant-design/icons';
import type { Role } from '../../auth/roles';
import type { ConsoleArea } from '../types';
import { SimulationPage, SimulationsPage } from './simulation-pages';

/** Who eligibility lets in (services/eligibility/src/simulations/simulations.controller.ts). */
export const SIMULATION_RUNNERS: readonly Role[] = ['admin', 'finance_clerk'];
const READERS: readonly Role[] = ['admin', 'finance_clerk', 'auditor'];

/** 政策测算: what a proposed 低保标准, a standards edition or a policy reading would cost, before adoption. */
export const simulationArea: ConsoleArea = {
  key: 'simulation',
  label: { zh: '政策测算', en: 'Policy simulation' },
  routes: [
    { path: '/simulations', element: <SimulationsPage /> },
    { path: '/simulations/:simulationId', element: <SimulationPage /> },
  ],
  menu: [{ path: '/simulations', label: { zh: '政策测算', en: 'Policy simulation' }, roles: READERS, icon: <ExperimentOutlined /> }],
};
