// `npx vite examples/react` (dev) or `npx vite build examples/react`, after `npm run build`: `zego-elements` and its
// subpaths resolve through the package's own `exports` (dist/), as they do in an app that installed the package.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // the ZEGO SDK (~2 MB) is a lazy chunk of its own, loaded only when a room has an app-id
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
});
