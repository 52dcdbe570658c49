// The public web app. Built into web/dist, which the Fastify server serves at `/` (API at /api/v1).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const translogDir = fileURLToPath(new URL('../src/translog', import.meta.url));
const browserCrypto = fileURLToPath(new URL('./src/verify/translog-crypto.ts', import.meta.url));

/**
 * The page verifies the log with the server's own code, src/translog. Its one platform dependency,
 * `./crypto.js` (node:crypto), becomes web/src/verify/translog-crypto.ts (@noble/*), which has the
 * same exports. Any other `node:` import reaching the page is a mistake, and fails the build.
 */
function translogInTheBrowser(): Plugin {
  return {
    name: 'amanah:translog-in-the-browser',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer === undefined) return null;
      const from = importer.replace(/[?#].*$/, '');
      if (source === './crypto.js' && resolve(dirname(from)) === translogDir) return browserCrypto;
      if (source.startsWith('node:')) {
        this.error(`${from} imports ${source}, which does not exist in a browser`);
      }
      return null;
    },
  };
}

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside every script, style sheet and SVG of the
 * build, which the server sends to browsers that accept them (@fastify/static `preCompressed`): on a
 * weak connection the first visit downloads the compressed bytes, not the raw ones.
 */
function precompress(outDir: string): Plugin {
  const compressible = /\.(js|css|svg|json)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'amanah:precompress',
    apply: 'build',
    closeBundle() {
      for (const path of walk(outDir).filter((file) => compressible.test(file))) {
        const bytes = readFileSync(path);
        if (bytes.length < 1024) continue;
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

const outDir = fileURLToPath(new URL('./dist', import.meta.url));

// `vite dev` and `vite preview` forward the API and the log's static files to a running `amanah serve`.
const apiTarget = process.env.AMANAH_API_URL ?? 'http://127.0.0.1:8080';
const proxy = {
  '/api': { target: apiTarget, changeOrigin: false },
  '^/log/': { target: apiTarget, changeOrigin: false },
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [translogInTheBrowser(), react(), precompress(outDir)],
  build: {
    outDir,
    emptyOutDir: true,
    // Hashed file names under /assets/ can be cached for ever; index.html must not be.
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: { proxy },
  preview: { proxy },
});
