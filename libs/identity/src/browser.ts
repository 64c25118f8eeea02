/**
 * What the web console may bundle from identity: roles, division codes and 身份证号 checks — no
 * keys, tokens or vault (those need a server).
 */
export * from './roles';
export * from './division-code';
export * from './resident-id';
export * from './errors';
export type { Actor } from './actor';
export { isSealedPersonalData, type SealedPersonalData } from './vault/sealed-personal-data';
