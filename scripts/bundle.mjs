// Bundles the CLI into dist/bundle/ (esbuild, ES modules split by dynamic import).
//
// Why: Node 20 loads each ES module file separately, and Ink alone is a few hundred of them;
// bundled, the dashboard's first frame comes up in about half the time (bench/startup.ts). The
// lazy `import()`s of the engine stay lazy as separate chunks, so `--version` still loads almost
// nothing. Packages with native code, or that find their own files at run time, stay external
// and load from node_modules as before.
import { build } from 'esbuild';

const EXTERNAL = [
  '@duckdb/node-api', // native binding
  'node-plop', // loads plopfiles and inquirer prompts by path
  'mem-fs',
  'mem-fs-editor',
  'nunjucks', // optional file watchers
  'kubernetes-models', // large, loaded only by verification code paths
];

await build({
  entryPoints: ['source/cli.tsx'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external: EXTERNAL,
  // Ink imports its React DevTools bridge only when DEV=true; the bridge is not installed.
  plugins: [
    {
      name: 'no-react-devtools',
      setup(esbuild) {
        esbuild.onResolve({ filter: /^react-devtools-core$/ }, () => ({
          path: 'react-devtools-core',
          namespace: 'empty',
        }));
        esbuild.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({
          contents: 'export default {};',
          loader: 'js',
        }));
      },
    },
  ],
  // CommonJS dependencies inside the bundle still call require().
  banner: {
    js: "import { createRequire as __skillchainCreateRequire } from 'node:module';\nconst require = __skillchainCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
