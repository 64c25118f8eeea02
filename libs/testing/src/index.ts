export * from './postgres';
export * from './global-servers';
export * from './postgres-server';
