// Reads the installed ZEGO SDK's typings with the TypeScript compiler API: the ground truth for event names,
// parameter names and types, so an SDK upgrade shows up as a failing test rather than a silently missing event.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export interface SdkCallback {
  name: string;
  params: { name: string; type: string }[];
  /** The only parameter is a plain object (an interface or record, not an array, Map or MediaStream). */
  objectParam: boolean;
}

const require = createRequire(import.meta.url);

export function sdkCallbacks(): SdkCallback[] {
  const pkg = dirname(require.resolve('zego-express-engine-webrtc/package.json'));
  const file = join(pkg, 'sdk/code/zh/ZegoExpressEntity.web.d.ts');
  const program = ts.createProgram([file], { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'ZegoEvent');
  if (!decl) throw new Error(`no ZegoEvent interface in ${file}`);
  const type = checker.getTypeAtLocation(decl);
  return checker.getPropertiesOfType(type).map((prop) => {
    const fn = checker.getTypeOfSymbolAtLocation(prop, decl);
    const [sig] = fn.getCallSignatures();
    if (!sig) throw new Error(`ZegoEvent.${prop.name} is not a callback`);
    const params = sig.parameters.map((p) => ({ name: p.name, type: checker.typeToString(checker.getTypeOfSymbolAtLocation(p, decl)) }));
    let objectParam = false;
    if (sig.parameters.length === 1) {
      const t = checker.getTypeOfSymbolAtLocation(sig.parameters[0], decl);
      const sym = t.getSymbol();
      objectParam =
        !!(t.flags & ts.TypeFlags.Object) &&
        !checker.isArrayType(t) &&
        !checker.isTupleType(t) &&
        t.getCallSignatures().length === 0 &&
        !(sym && sym.flags & ts.SymbolFlags.Value);
    }
    return { name: prop.name, params, objectParam };
  });
}
