// `npm start`: the demo from its sources and the room server on one port, answering about a second after start on
// a fresh clone. Vite's dev server runs inside the room server as middleware: modules are transformed on demand, no
// build. No hot reload (reload the page after an edit): the port's WebSocket upgrades are the room server's (/ws),
// so index.html is served as written, without Vite's client. Every argument goes to `zego-elements serve`
// (`npm start -- --port 9091`, `npm start -- --host 0.0.0.0`). `npm run build` makes the production build and
// `npm run preview` serves it the same way.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'vite';
import { main } from '../server/cli.js';

const root = new URL('../demo/', import.meta.url);
const vite = await createServer({
  configFile: false,
  root: root.pathname,
  appType: 'custom',
  logLevel: 'warn',
  clearScreen: false,
  server: { middlewareMode: true, hmr: false, ws: false },
});

/** The demo's page as written, then every module through Vite (TypeScript and bare imports, on demand). */
function middleware(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== '/' && path !== '/index.html') {
    vite.middlewares(req, res, next);
    return;
  }
  readFile(new URL('index.html', root)).then((html) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : html);
  }, next);
}

const code = await main(['serve', '--dev', ...process.argv.slice(2)], undefined, { middleware });
if (code !== undefined) {
  await vite.close();
  process.exit(code);
}
console.log(`  ready ${process.uptime().toFixed(1)} s after start: the demo from its sources (npm run preview serves the build)`);
