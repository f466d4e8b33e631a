// The Vite dev server the browser parts of the bench load their pages from (TypeScript served as is).
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Serves the repository on 127.0.0.1; `page` (e.g. `bench/pages/mesh.html`) limits dependency crawling to it. */
export async function startVite(page: string): Promise<ViteDevServer> {
  const vite = await createServer({
    root: REPO,
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false, watch: null },
    // Only the bench page's imports; the default would crawl every HTML file in the repo for dependencies.
    optimizeDeps: { entries: [page] },
  });
  await vite.listen();
  return vite;
}

/** The URL of `page` on the server. */
export function pageUrl(vite: ViteDevServer, page: string): string {
  const addr = vite.httpServer?.address();
  if (!addr || typeof addr === 'string') throw new Error('Vite dev server has no TCP address');
  return `http://127.0.0.1:${addr.port}/${page}`;
}
