// `npx vite examples/react` (dev) or `npx vite build examples/react`. An app that installed the package needs no
// alias: `zego-elements` and `zego-elements/define.js` resolve from node_modules. Here they come from the repo's source.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^zego-elements\/define\.js$/, replacement: `${src}define.ts` },
      { find: /^zego-elements$/, replacement: `${src}index.ts` },
    ],
  },
  // the ZEGO SDK (~2 MB) is a lazy chunk of its own, loaded only when a room has an app-id
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
});
