// A React 18 app of its own: `npm run build` in the repository, then here `npm install && npm run dev`.
// `zego-elements` is `file:../..`, a link to the repository: `dedupe` keeps React the app's copy (18) when the
// kit's React module imports it from the repository's folder (whose node_modules hold React 19).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { dedupe: ['react', 'react-dom'] },
  // the ZEGO SDK (~2 MB) is a lazy chunk of its own, loaded only when a room has an app-id
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
});
