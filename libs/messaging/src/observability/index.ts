export * from './trace-context';
export * from './messaging-log';
