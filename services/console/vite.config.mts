import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console's production build. The services' schema files are bundled as they are: their
 * `@benefits/http` import resolves to the server-free schema kit, so the forms validate with the
 * schemas the controllers parse with. JSX is compiled by Vite's own transform (no React plugin:
 * the build needs no fast refresh).
 */
const root = dirname(fileURLToPath(import.meta.url));
const repo = resolve(root, '../..');

export default defineConfig({
  root,
  base: '/',
  logLevel: 'error',
  resolve: {
    alias: [
      { find: /^@benefits\/http$/, replacement: resolve(repo, 'libs/http/src/schema-kit.ts') },
      { find: /^@benefits\/kernel$/, replacement: resolve(repo, 'libs/kernel/src/index.ts') },
      { find: /^@benefits\/identity$/, replacement: resolve(repo, 'libs/identity/src/browser.ts') },
      { find: /^@console\//, replacement: `${resolve(root, 'src')}/` },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: process.env.BENEFITS_CONSOLE_OUT_DIR ?? resolve(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // The libraries in chunks of their own: they change far less often than the console's code,
        // so after a release the browser keeps them cached (assets are immutable, by hash) and loads
        // only the console's chunk again. All are needed for the first page, so this does not make
        // the first load smaller; see docs/console/operations.md for the figures.
        codeSplitting: {
          groups: [
            { name: 'vendor-react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/, priority: 30 },
            { name: 'vendor-echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            { name: 'vendor-antd', test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|@emotion|stylis|dayjs|@babel[\\/]runtime)[\\/]/, priority: 10 },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 0 },
          ],
        },
      },
    },
  },
});
