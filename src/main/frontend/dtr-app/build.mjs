// Builds the DTR app into the given folder (Maven passes target/classes/static/dtr, so Spring Boot serves it at
// /dtr/): our own code bundled by esbuild with fhirclient, cql-execution and cql-exec-fhir; LHC-Forms copied as the
// prebuilt web component its npm package ships (it is an Angular build, not meant to be re-bundled). Nothing is
// loaded from a CDN at run time.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs <output folder>');
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: ['src/launch.js', 'src/app.js'],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox110'],
  outdir: out,
  logLevel: 'info',
  // cql-exec-fhir parses its FHIR model info with xml2js, written for Node: browser packages for the two Node
  // built-ins it uses, and no file system (it only reads files when asked to load from disk, which we never do).
  alias: { timers: 'timers-browserify' },
  plugins: [{
    name: 'no-fs',
    setup(build) {
      build.onResolve({ filter: /^fs$/ }, () => ({ path: 'fs', namespace: 'no-fs' }));
      build.onLoad({ filter: /.*/, namespace: 'no-fs' }, () => ({ contents: 'module.exports = {};' }));
    },
  }],
});

for (const file of ['launch.html', 'index.html', 'app.css']) {
  cpSync(join('src', file), join(out, file));
}
const lforms = 'node_modules/lforms/dist/lforms';
for (const file of ['styles.css', 'runtime.js', 'polyfills.js', 'main.js', 'assets', 'down_arrow_gray_10_10.png',
  'magnifying_glass.png']) {
  cpSync(join(lforms, 'webcomponent', file), join(out, 'lforms', file), { recursive: true });
}
cpSync(join(lforms, 'fhir/R4/lformsFHIR.min.js'), join(out, 'lforms/lformsFHIR.min.js'));
cpSync('node_modules/lforms/LICENSE.md', join(out, 'lforms/LICENSE.md'));
