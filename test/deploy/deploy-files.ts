import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Reading the deployment files the way their tools do; shared by the suites in test/deploy. */
export const ROOT = resolve(__dirname, '..', '..');
export const K8S_DIR = join(ROOT, 'deploy', 'k8s');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** Every document of every manifest in deploy/k8s, with the file it is in. */
export function k8sObjects(): { file: string; object: K8sObject }[] {
  return readdirSync(K8S_DIR)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8'))
        .filter((doc) => doc.contents !== null)
        .map((doc) => {
          if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
          return { file, object: doc.toJS() as K8sObject };
        }),
    );
}

export interface DockerInstruction {
  keyword: string;
  args: string;
  /** The stage (0-based, in FROM order) it belongs to; -1 before the first FROM (global ARGs). */
  stage: number;
}

/** The Dockerfile's instructions: comments dropped, continuation lines joined, keywords upper-cased. */
export function parseDockerfile(text: string): { instructions: DockerInstruction[]; stages: { name: string | null; from: string }[] } {
  const instructions: DockerInstruction[] = [];
  const stages: { name: string | null; from: string }[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (pending !== '' && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = `${pending}${line}`.trim();
    pending = '';
    if (full === '') continue;
    const keyword = full.split(/\s+/)[0];
    const args = full.slice(keyword.length).trim();
    if (keyword.toUpperCase() === 'FROM') {
      const as = /\s+AS\s+(\S+)\s*$/i.exec(args);
      stages.push({ name: as ? as[1] : null, from: as ? args.slice(0, as.index) : args });
    }
    instructions.push({ keyword: keyword.toUpperCase(), args, stage: stages.length - 1 });
  }
  return { instructions, stages };
}

/** An exec-form (JSON array) argument list, e.g. of CMD or HEALTHCHECK … CMD. */
export function execForm(args: string): string[] {
  const parsed = JSON.parse(args) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`not an exec-form list: ${args}`);
  return parsed;
}
