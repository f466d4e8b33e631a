// The ZEGO SDK ships only a UMD/CommonJS bundle. Bundlers (Vite, esbuild) turn it into an ES module; the test
// server does not, so this plugin serves the package entry as esbuild's ES module build of it (named exports
// `ZegoExpressEngine` and `WebRTCUtil`, as bundlers expose them). Built once per test run.
import { build } from 'esbuild';

const ENTRY = /\/node_modules\/zego-express-engine-webrtc\/ZegoExpressWebRTC\.js$/;

export function zegoSdkPlugin() {
  let bundle: Promise<string> | undefined;
  return {
    name: 'zego-sdk-esm',
    serve(context: { path: string }) {
      if (!ENTRY.test(context.path)) return undefined;
      bundle ??= build({
        stdin: { contents: "export { ZegoExpressEngine, WebRTCUtil } from 'zego-express-engine-webrtc';", resolveDir: process.cwd() },
        bundle: true,
        format: 'esm',
        target: 'es2022',
        write: false,
        external: ['electron'],
        logLevel: 'silent',
      }).then((r) => r.outputFiles[0].text);
      return bundle.then((body) => ({ body, type: 'js' }));
    },
  };
}
