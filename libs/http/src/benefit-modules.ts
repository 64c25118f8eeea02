import { isAbsolute, resolve } from 'node:path';
import { defineError } from '@benefits/kernel';

/**
 * Benefits added as modules of their own (ADR 0019), named by the deployment:
 * `BENEFITS_MODULES=<path>[,<path>…]` — each a module (relative to the working directory the
 * services are started from, or absolute) that exports `registerBenefitModule()`, which registers the benefit with the engine
 * library, eligibility and applications. Every service process loads the same list before its
 * service is made (`npm start`, each service's own process — disbursement too: it pays only benefits
 * it knows), so all four know the benefit. A path that cannot be loaded, a module without the
 * function, or one a registry refuses stops the start with BENEFIT_MODULE_INVALID. The environment
 * is trusted configuration: the named files run as the service. Modules are loaded from the sources
 * (`npm start`, `tools/run-ts.js`) or, in the compiled build, compiled with the services
 * (`npm run build -- --modules <path>`) and named by their compiled file (`dist/<path>.js`).
 */
export const BenefitModuleErrors = {
  BENEFIT_MODULE_INVALID: defineError('BENEFIT_MODULE_INVALID', 500, 'BENEFITS_MODULES 中的待遇模块无法加载', 'a benefit module named in BENEFITS_MODULES cannot be loaded'),
};

export function loadBenefitModules(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string[] {
  const paths = (env.BENEFITS_MODULES ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  for (const path of paths) {
    const file = isAbsolute(path) ? path : resolve(cwd, path);
    let loaded: { registerBenefitModule?: unknown };
    try {
      loaded = require(file) as { registerBenefitModule?: unknown };
    } catch (error) {
      throw BenefitModuleErrors.BENEFIT_MODULE_INVALID({ path, file, reason: error instanceof Error ? error.message : String(error) });
    }
    if (typeof loaded.registerBenefitModule !== 'function') {
      throw BenefitModuleErrors.BENEFIT_MODULE_INVALID({ path, file, reason: 'the module does not export registerBenefitModule()' });
    }
    try {
      (loaded.registerBenefitModule as () => void)();
    } catch (error) {
      // A registry refused it (an id of the wrong shape, a benefit already defined otherwise, …).
      throw BenefitModuleErrors.BENEFIT_MODULE_INVALID({ path, file, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return paths;
}
