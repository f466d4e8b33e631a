// `npx vite examples/svelte` (dev) or `npx vite build examples/svelte`, after `npm run build`: `zego-elements`
// resolves through the package's own `exports` (dist/), as it does in an app that installed the package. Type check:
// `npx svelte-check --tsconfig examples/svelte/tsconfig.json`.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [svelte()],
  // the ZEGO SDK (~2 MB) is a lazy chunk of its own, loaded only when a room has an app-id
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
});
