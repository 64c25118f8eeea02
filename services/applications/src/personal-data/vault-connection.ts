/**
 * The vault connection moved to @benefits/http so that every service of a process (embedded mode)
 * shares one vault instance; re-exported here so the applications code keeps its imports.
 */
export { OPEN_VAULT, VaultConnection, sharedVault, vaultFromEnvironment, type OpenVault, type VaultHandle } from '@benefits/http';
