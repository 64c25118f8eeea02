export * from './config';
export * from './health';
export * from './openapi';
export * from './problem.filter';
export * from './service-app';
export * from './zod';
export * from './actor.controller';
export * from './runtime';
