// `npx vite examples/vue` (dev) or `npx vite build examples/vue`, after `npm run build`: `zego-elements` resolves
// through the package's own `exports` (dist/), as it does in an app that installed the package. Type check:
// `npx vue-tsc -p examples/vue`.
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    vue({
      // Without this Vue takes <zego-room> for a Vue component, fails to resolve it and warns.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('zego-') } },
    }),
  ],
  // the ZEGO SDK (~2 MB) is a lazy chunk of its own, loaded only when a room has an app-id
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
});
