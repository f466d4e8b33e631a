// The CDN build: ES modules (Lit bundled) that a plain <script type="module"> can load. The entry defines the elements;
// what a call needs beyond them loads on first use from sibling chunks: the room's controller, the local engine (or
// the ZEGO SDK) and the renderer.
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
      // Lets the entry also export what its lazy chunks share with it (hidden names), so that shared code stays in
      // the entry instead of small chunks the entry would have to fetch before it can run.
      preserveEntrySignatures: 'allow-extension',
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        minify: true,
        // What the elements' views share (icons, controllers, Lit directives) goes in one chunk, not a dozen tiny
        // ones each costing a request; only modules that at least two chunks use, so the entry keeps its own.
        codeSplitting: {
          // the group takes the modules its test names, not what they import (Lit itself stays in the entry)
          includeDependenciesRecursively: false,
          groups: [
            {
              name: 'shared',
              test: /[\\/](src[\\/](ui|controllers|shared[\\/](presenting|speaking)|room[\\/](async|engine)|engine[\\/]secure-context)|node_modules[\\/](lit|lit-html|@lit[\\/]context)[\\/](directives|directive|async-directive|directive-helpers|lib[\\/]controllers))/,
              minShareCount: 2,
            },
          ],
        },
      },
    },
  },
});
