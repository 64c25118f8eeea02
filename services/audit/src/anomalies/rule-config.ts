import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnomalyRule } from './rule';
import { AnomalyErrors } from './anomalies.errors';

/**
 * The deployment's rule settings: `services/audit/anomaly-rules.json` (or the file
 * `BENEFITS_AUDIT_ANOMALY_RULES` names), a JSON object from rule id to the settings that differ from
 * the rule's defaults. Keys beginning with `$` are comments. Each rule's effective configuration is
 * its defaults overridden by its entry, validated by its `configSchema`; an unknown rule id, a file
 * that is not JSON or a value the schema refuses is ANOMALY_RULES_CONFIG_INVALID — at start-up, and
 * again at each scan (the file is read again, so a change takes effect without a restart).
 */
export const DEFAULT_RULES_FILE = resolve(__dirname, '..', '..', 'anomaly-rules.json');

export function rulesFileOf(env: NodeJS.ProcessEnv = process.env): string {
  return env.BENEFITS_AUDIT_ANOMALY_RULES || DEFAULT_RULES_FILE;
}

export type RuleSettings = Record<string, Record<string, unknown>>;

/** Reads the settings file; a missing file means every rule runs with its defaults. */
export function readRuleSettings(file: string): RuleSettings {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw AnomalyErrors.ANOMALY_RULES_CONFIG_INVALID({ file: 'anomaly-rules.json', reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw AnomalyErrors.ANOMALY_RULES_CONFIG_INVALID({ file: 'anomaly-rules.json', reason: 'expected an object of rule id → settings' });
  }
  return parsed as RuleSettings;
}

/** Each rule's effective configuration, by rule id (defaults overridden by the settings, validated). */
export function effectiveConfigs(rules: readonly AnomalyRule<unknown>[], settings: RuleSettings): Map<string, unknown> {
  const known = new Set(rules.map((r) => r.id));
  const issues: { ruleId: string; path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (key.startsWith('$')) continue;
    if (!known.has(key)) issues.push({ ruleId: key, path: '$', message: 'no such rule' });
    else if (value === null || typeof value !== 'object' || Array.isArray(value)) issues.push({ ruleId: key, path: '$', message: 'expected an object of settings' });
  }
  const configs = new Map<string, unknown>();
  for (const rule of rules) {
    const overrides = settings[rule.id];
    const merged = overrides && typeof overrides === 'object' && !Array.isArray(overrides) ? { ...(rule.defaults as object), ...overrides } : rule.defaults;
    const result = rule.configSchema.safeParse(merged);
    if (result.success) configs.set(rule.id, result.data);
    else for (const issue of result.error.issues) issues.push({ ruleId: rule.id, path: issue.path.map(String).join('.') || '$', message: issue.message });
  }
  if (issues.length > 0) throw AnomalyErrors.ANOMALY_RULES_CONFIG_INVALID({ file: 'anomaly-rules.json', issues });
  return configs;
}

export function loadRuleConfigs(rules: readonly AnomalyRule<unknown>[], file: string): Map<string, unknown> {
  return effectiveConfigs(rules, readRuleSettings(file));
}
