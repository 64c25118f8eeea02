export * from './postgres';
export * from './global-servers';
export * from './postgres-server';
export * from './kafka';
export * from './kafka-server';
