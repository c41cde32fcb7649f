import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console is served by the Fastify app under /console; everything is bundled (closed government networks). */
export const consoleViteConfig = defineConfig({
  root,
  base: '/console/',
  plugins: [vue()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/admin': 'http://127.0.0.1:3000' },
  },
});

// Vite reads its config file's default export.
export default consoleViteConfig;
