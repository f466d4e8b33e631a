// The CDN build: one self-contained ES module (Lit bundled) that a plain <script type="module"> can load.
// The ZEGO SDK, once the elements use it, stays in a lazily imported sibling chunk.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // lib mode keeps whitespace in ES output by default; the CDN file is loaded as is, so minify it all
    minify: true,
    lib: {
      entry: 'src/cdn.ts',
      formats: ['es'],
      fileName: () => 'zego-elements.js',
    },
    rollupOptions: {
      output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
    },
  },
});
