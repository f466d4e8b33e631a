// The local engine's API surface against the installed ZEGO SDK's typings (TypeScript compiler API): every public
// member of every SDK class the local engine mirrors, whether ours has it with the same signature, and its status
// from a JSDoc tag on our member. test/node/api-surface.test.ts checks it; scripts/api-surface.ts prints it and
// writes docs/local-engine-api.md.
//
// One ts.Program holds both sides (the SDK's class typings as roots, then src/engine/**/*.ts with tsconfig.json's
// options; our sources import the SDK's entity types anyway), so one checker prints and relates types of both.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export type Status = 'implemented' | 'partial' | 'cloud' | 'accepted' | 'missing';

export interface Param {
  /** Without leading underscores (`_config` is the unused-parameter convention, not API; the SDK has `_zgp_logger`). */
  name: string;
  optional: boolean;
  rest: boolean;
  /** Declared type text, compact. */
  type: string;
}

/** One public member of a class: a method, or a property/accessor (`kind: 'property'`). */
export interface Member {
  name: string;
  isStatic: boolean;
  kind: 'method' | 'property';
  /** A property with `readonly`, or a getter without a setter. */
  readonly: boolean;
  /** Method parameters (the first signature when overloaded); empty for properties. */
  params: Param[];
  typeParams: string;
  /** The type parameters' names, to compare `<K ...>(event: K)` with `<k ...>(event: k)`. */
  typeParamNames: string[];
  /** A method's return type or a property's type, compact. */
  type: string;
  /** The declaration printed on one line. */
  signature: string;
  /** The class that declares it (an SDK member may be inherited). */
  declaredIn: string;
}

export interface OurMember extends Member {
  status: Exclude<Status, 'missing'>;
  /** The tag's text (`@partial`, `@cloud`, `@accepted`). */
  note: string;
  /** Tag problems (a status tag without text, two status tags). */
  tagProblems: string[];
}

export interface SdkClass {
  /** SDK class name. */
  name: string;
  /** Our class name. */
  ours: string;
  /** Declaring file, relative to the SDK package. */
  file: string;
  /** How the class was reached: a root, or `ZegoExpressEngine.createAudioEffectPlayer()`. */
  via: string;
  members: Member[];
}

export interface Row {
  sdk: Member;
  ours?: OurMember;
  status: Status;
  /** Why ours does not match the SDK's declaration (empty: it matches). Failures. */
  problems: string[];
  /** Loose differences (parameter types, type parameters, writability). Not failures. */
  warnings: string[];
}

export interface ClassReport {
  sdk: SdkClass;
  /** Our file (repository-relative, `/`), when the class exists. */
  file?: string;
  rows: Row[];
}

export interface Totals {
  sdk: number;
  present: number;
  implemented: number;
  partial: number;
  cloud: number;
  accepted: number;
  missing: number;
  /** Present members whose signature differs from the SDK's. */
  differs: number;
}

const require = createRequire(import.meta.url);
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SDK_PKG = dirname(require.resolve('zego-express-engine-webrtc/package.json'));
export const SDK_DIR = join(SDK_PKG, 'sdk', 'code', 'zh');
export const SDK_VERSION = (JSON.parse(readFileSync(join(SDK_PKG, 'package.json'), 'utf8')) as { version: string }).version;
const ENGINE_DIR = join(ROOT, 'src', 'engine');

/** The classes the analysis starts from; classes returned by their methods are added (`via`). */
const ROOTS: { name: string; ours: string; file: string }[] = [
  { name: 'ZegoExpressEngine', ours: 'ZegoLocalEngine', file: 'zego.client.web.d.ts' },
  { name: 'ZegoLocalStream', ours: 'ZegoLocalStream', file: 'ZegoLocalStream.web.d.ts' },
  { name: 'ZegoStreamView', ours: 'ZegoStreamView', file: 'ZegoStreamView.web.d.ts' },
];

/** Where a class that does not exist yet is expected (only for messages: ours are found by scanning src/engine). */
export const EXPECTED_FILES: Record<string, string> = {
  ZegoLocalEngine: 'src/engine/local-engine.ts',
  ZegoLocalStream: 'src/engine/local-stream.ts',
  ZegoStreamView: 'src/engine/stream-view.ts',
  ZegoAudioEffectPlayer: 'src/engine/audio/audio-effect-player.ts',
  ZegoStreamCompositor: 'src/engine/compositor.ts',
};

const STATUS_TAGS = ['partial', 'cloud', 'accepted'] as const;

const rel = (file: string, from = ROOT) => relative(from, file).split(sep).join('/');
const compact = (text: string) => text.replace(/\s+/g, ' ').replace(/;? \}/g, ' }').replace(/\( /g, '(').replace(/,? \)/g, ')').trim();
/** For comparing types: spacing and separators are not meaning; `Uint8Array<ArrayBufferLike>` is TS 5.9's `Uint8Array`. */
const norm = (type: string) =>
  type
    .replace(/<ArrayBufferLike>/g, '')
    .replace(/\s+/g, '')
    .replace(/[;,]}/g, '}');

function engineFiles(dir = ENGINE_DIR): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...engineFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

interface Analysis {
  engineDir: string;
  program: ts.Program;
  checker: ts.TypeChecker;
  sdk: SdkClass[];
  /** SDK member -> its type objects (for assignability). */
  sdkTypes: WeakMap<Member, MemberTypes>;
  ourTypes: WeakMap<Member, MemberTypes>;
  ours: Map<string, OurClass | undefined>;
}

interface MemberTypes {
  type: ts.Type;
  params: ts.Type[];
}

const cache = new Map<string, Analysis>();
/** Parsed files of node_modules (the DOM lib, the SDK's typings) are shared by every program of this process. */
const shared = new Map<string, ts.SourceFile>();

function analysis(engineDir = ENGINE_DIR): Analysis {
  const cached = cache.get(engineDir);
  if (cached) return cached;
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, types: [], declaration: false };
  const host = ts.createCompilerHost(options, true);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) => {
    if (!/[\\/]node_modules[\\/]/.test(fileName)) return read(fileName, language, ...rest);
    const key = `${String(typeof language === 'object' ? language.languageVersion : language)}:${fileName}`;
    let sf = shared.get(key);
    if (!sf) {
      sf = read(fileName, language, ...rest);
      if (sf) shared.set(key, sf);
    }
    return sf;
  };
  const roots = readdirSync(SDK_DIR)
    .filter((f) => f.endsWith('.web.d.ts') || f.startsWith('zego.client.'))
    .sort()
    .map((f) => join(SDK_DIR, f));
  const program = ts.createProgram([...roots, ...engineFiles(engineDir)], options, host);
  const checker = program.getTypeChecker();
  const a: Analysis = { engineDir, program, checker, sdk: [], sdkTypes: new WeakMap(), ourTypes: new WeakMap(), ours: new Map() };
  a.sdk = readSdk(a);
  cache.set(engineDir, a);
  return a;
}

// ------------------------------------------------------------------------------------------------ reading members

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === kind);

function memberName(node: ts.ClassElement): string | undefined {
  if (!node.name || ts.isPrivateIdentifier(node.name)) return undefined;
  if (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isNumericLiteral(node.name)) return node.name.text;
  return undefined;
}

type MemberDecl = ts.MethodDeclaration | ts.PropertyDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;
const isMemberDecl = (n: ts.ClassElement): n is MemberDecl =>
  ts.isMethodDeclaration(n) || ts.isPropertyDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n);

const isPublic = (n: ts.Node) => !hasModifier(n, ts.SyntaxKind.PrivateKeyword) && !hasModifier(n, ts.SyntaxKind.ProtectedKeyword);

/** The class's own and inherited member declarations, grouped by (static, name): own first, then each base's. */
function collectDecls(a: Analysis, decl: ts.ClassDeclaration): { name: string; isStatic: boolean; decls: MemberDecl[]; cls: string }[] {
  const out: { name: string; isStatic: boolean; decls: MemberDecl[]; cls: string }[] = [];
  const seen = new Set<string>();
  for (let cls: ts.ClassDeclaration | undefined = decl; cls; cls = baseClass(a, cls)) {
    const own = new Map<string, { name: string; isStatic: boolean; decls: MemberDecl[]; cls: string }>();
    for (const m of cls.members) {
      if (!isMemberDecl(m)) continue;
      const name = memberName(m);
      if (name === undefined) continue;
      const isStatic = hasModifier(m, ts.SyntaxKind.StaticKeyword);
      const key = `${isStatic ? 'static ' : ''}${name}`;
      if (seen.has(key) && !own.has(key)) continue; // overridden in a subclass
      let entry = own.get(key);
      if (!entry) {
        entry = { name, isStatic, decls: [], cls: cls.name?.text ?? 'default' };
        own.set(key, entry);
        out.push(entry);
      }
      entry.decls.push(m);
    }
    for (const key of own.keys()) seen.add(key);
  }
  return out;
}

function baseClass(a: Analysis, cls: ts.ClassDeclaration): ts.ClassDeclaration | undefined {
  const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!ext) return undefined;
  let sym = a.checker.getSymbolAtLocation(ext.expression);
  if (sym && sym.flags & ts.SymbolFlags.Alias) sym = a.checker.getAliasedSymbol(sym);
  return sym?.declarations?.find(ts.isClassDeclaration);
}

function typeText(a: Analysis, node: ts.TypeNode | undefined, type: ts.Type, at: ts.Node): string {
  if (node) return compact(node.getText());
  return compact(a.checker.typeToString(type, at, ts.TypeFormatFlags.NoTruncation));
}

/** Reads one member from its declarations; undefined when it is private/protected or `_`-named. */
function readMember(
  a: Analysis,
  entry: { name: string; isStatic: boolean; decls: MemberDecl[]; cls: string },
): { member: Member; types: MemberTypes } | undefined {
  const { checker } = a;
  const { name, isStatic, decls } = entry;
  if (name.startsWith('_') || name === 'constructor' || !decls.every(isPublic)) return undefined;
  const prefix = isStatic ? 'static ' : '';
  const method = decls.find(ts.isMethodDeclaration);
  if (method) {
    const sig = checker.getSignatureFromDeclaration(method)!;
    const paramTypes: ts.Type[] = [];
    const params = method.parameters
      .filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'))
      .map((p): Param => {
        const declared = p.type ? checker.getTypeFromTypeNode(p.type) : checker.getNonNullableType(checker.getTypeAtLocation(p));
        paramTypes.push(declared);
        const raw = ts.isIdentifier(p.name) ? p.name.text : compact(p.name.getText());
        return {
          name: raw.replace(/^_+/, ''),
          optional: !!(p.questionToken || p.initializer || p.dotDotDotToken),
          rest: !!p.dotDotDotToken,
          type: typeText(a, p.type, declared, p),
        };
      });
    const ret = checker.getReturnTypeOfSignature(sig);
    const typeParams = method.typeParameters ? `<${method.typeParameters.map((t) => compact(t.getText())).join(', ')}>` : '';
    const typeParamNames = method.typeParameters?.map((t) => t.name.text) ?? [];
    const type = typeText(a, method.type, ret, method);
    const list = params.map((p) => `${p.rest ? '...' : ''}${p.name}${p.optional && !p.rest ? '?' : ''}: ${p.type}`).join(', ');
    return {
      member: {
        name,
        isStatic,
        kind: 'method',
        readonly: true,
        params,
        typeParams,
        typeParamNames,
        type,
        signature: `${prefix}${name}${typeParams}(${list}): ${type}`,
        declaredIn: entry.cls,
      },
      types: { type: ret, params: paramTypes },
    };
  }
  const getter = decls.find(ts.isGetAccessorDeclaration);
  const setter = decls.find(ts.isSetAccessorDeclaration);
  const prop = decls.find(ts.isPropertyDeclaration);
  const node = (getter ?? prop ?? setter)!;
  const sym = checker.getSymbolAtLocation(node.name);
  let type = sym ? checker.getTypeOfSymbol(sym) : checker.getAnyType();
  const typeNode = getter?.type ?? prop?.type ?? setter?.parameters[0]?.type;
  if (typeNode) type = checker.getTypeFromTypeNode(typeNode);
  // a property holding a function (`on = (...) => ...`) is a method to its callers
  const callable = !!prop && type.getCallSignatures().length > 0;
  const text = typeText(a, typeNode, type, node);
  const readonly = prop ? hasModifier(prop, ts.SyntaxKind.ReadonlyKeyword) : !setter;
  let signature: string;
  if (getter && !setter) signature = `${prefix}get ${name}(): ${text}`;
  else if (setter && !getter) signature = `${prefix}set ${name}(value: ${text})`;
  else if (getter) signature = `${prefix}get/set ${name}: ${text}`;
  else signature = `${prefix}${readonly ? 'readonly ' : ''}${name}: ${text}`;
  if (callable) {
    const sig = type.getCallSignatures()[0];
    const params = sig.parameters.map((p): Param => {
      const d = p.valueDeclaration as ts.ParameterDeclaration | undefined;
      return {
        name: p.name.replace(/^_+/, ''),
        optional: !!(d && (d.questionToken || d.initializer || d.dotDotDotToken)),
        rest: !!d?.dotDotDotToken,
        type: compact(checker.typeToString(checker.getTypeOfSymbol(p), node, ts.TypeFormatFlags.NoTruncation)),
      };
    });
    const ret = sig.getReturnType();
    return {
      member: {
        name,
        isStatic,
        kind: 'method',
        readonly: true,
        params,
        typeParams: '',
        typeParamNames: [],
        type: compact(checker.typeToString(ret, node, ts.TypeFormatFlags.NoTruncation)),
        signature: `${prefix}${name}: ${text}`,
        declaredIn: entry.cls,
      },
      types: { type: ret, params: sig.parameters.map((p) => checker.getTypeOfSymbol(p)) },
    };
  }
  return {
    member: {
      name,
      isStatic,
      kind: 'property',
      readonly,
      params: [],
      typeParams: '',
      typeParamNames: [],
      type: text,
      signature,
      declaredIn: entry.cls,
    },
    types: { type, params: [] },
  };
}

// ------------------------------------------------------------------------------------------------ the SDK side

function sdkClassDecl(a: Analysis, file: string, name: string): ts.ClassDeclaration {
  const sf = a.program.getSourceFile(join(SDK_DIR, file));
  const decl = sf?.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
  if (!decl) throw new Error(`no class ${name} in ${join(SDK_DIR, file)}`);
  return decl;
}

/** Classes declared in the SDK's typings (sdk/code) that a type mentions: unions, promises, arrays. */
function classesIn(a: Analysis, type: ts.Type, out = new Set<ts.ClassDeclaration>(), depth = 0): Set<ts.ClassDeclaration> {
  if (depth > 4) return out;
  if (type.isUnionOrIntersection()) for (const t of type.types) classesIn(a, t, out, depth + 1);
  const sym = type.getSymbol();
  const cls = sym && sym.flags & ts.SymbolFlags.Class ? sym.declarations?.find(ts.isClassDeclaration) : undefined;
  if (cls && rel(cls.getSourceFile().fileName, SDK_DIR).indexOf('..') !== 0) out.add(cls);
  if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)
    for (const t of a.checker.getTypeArguments(type as ts.TypeReference)) classesIn(a, t, out, depth + 1);
  return out;
}

function readSdk(a: Analysis): SdkClass[] {
  const out: SdkClass[] = [];
  const queue: { decl: ts.ClassDeclaration; ours: string; via: string }[] = ROOTS.map((r) => ({
    decl: sdkClassDecl(a, r.file, r.name),
    ours: r.ours,
    via: 'root',
  }));
  const seen = new Set(queue.map((q) => q.decl));
  while (queue.length) {
    const { decl, ours, via } = queue.shift()!;
    const name = decl.name!.text;
    const members: Member[] = [];
    for (const entry of collectDecls(a, decl)) {
      const read = readMember(a, entry);
      if (!read) continue;
      members.push(read.member);
      a.sdkTypes.set(read.member, read.types);
      if (read.member.kind !== 'method') continue;
      for (const cls of classesIn(a, read.types.type)) {
        if (seen.has(cls)) continue;
        seen.add(cls);
        queue.push({ decl: cls, ours: cls.name!.text, via: `${name}.${read.member.name}()` });
      }
    }
    out.push({ name, ours, file: rel(decl.getSourceFile().fileName, SDK_PKG), via, members });
  }
  return out;
}

/** Every SDK class the local engine mirrors, with its public members in declaration order (own, then inherited). */
export function sdkClasses(): SdkClass[] {
  return analysis().sdk;
}

// ------------------------------------------------------------------------------------------------ our side

/** Our exported classes under src/engine by name (the first file in path order wins; duplicates are listed). */
function ourClassDecls(a: Analysis): Map<string, ts.ClassDeclaration[]> {
  const out = new Map<string, ts.ClassDeclaration[]>();
  for (const sf of a.program.getSourceFiles()) {
    if (sf.isDeclarationFile || !rel(sf.fileName, a.engineDir).match(/^[^.]/)) continue;
    for (const s of sf.statements) {
      if (!ts.isClassDeclaration(s) || !s.name || !hasModifier(s, ts.SyntaxKind.ExportKeyword)) continue;
      const list = out.get(s.name.text) ?? [];
      list.push(s);
      out.set(s.name.text, list);
    }
  }
  return out;
}

function tagsOf(decls: MemberDecl[]): { status: OurMember['status']; note: string; problems: string[] } {
  const found: { tag: string; text: string }[] = [];
  for (const d of decls)
    for (const tag of ts.getJSDocTags(d)) {
      const t = tag.tagName.text;
      if ((STATUS_TAGS as readonly string[]).includes(t))
        found.push({ tag: t, text: compact(ts.getTextOfJSDocComment(tag.comment) ?? '').replace(/^[-:]\s*/, '') });
    }
  const problems: string[] = [];
  if (!found.length) return { status: 'implemented', note: '', problems };
  if (new Set(found.map((f) => f.tag)).size > 1) problems.push(`more than one status tag (${found.map((f) => `@${f.tag}`).join(', ')})`);
  const [first] = found;
  if (!first.text) problems.push(`@${first.tag} needs a text (${first.tag === 'cloud' ? 'the feature' : 'what differs'})`);
  return { status: first.tag as OurMember['status'], note: first.text, problems };
}

interface OurClass {
  file: string;
  members: Map<string, OurMember>;
  duplicates: string[];
}

function ourClass(a: Analysis, name: string): OurClass | undefined {
  if (a.ours.has(name)) return a.ours.get(name);
  const decls = ourClassDecls(a).get(name) ?? [];
  let result: OurClass | undefined;
  if (decls.length) {
    const decl = decls[0];
    const members = new Map<string, OurMember>();
    for (const entry of collectDecls(a, decl)) {
      const read = readMember(a, entry);
      if (!read) continue;
      const tags = tagsOf(entry.decls);
      const member: OurMember = { ...read.member, status: tags.status, note: tags.note, tagProblems: tags.problems };
      a.ourTypes.set(member, read.types);
      members.set(`${member.isStatic ? 'static ' : ''}${member.name}`, member);
    }
    result = {
      file: rel(decl.getSourceFile().fileName),
      members,
      duplicates: decls.slice(1).map((d) => rel(d.getSourceFile().fileName)),
    };
  }
  a.ours.set(name, result);
  return result;
}

// ------------------------------------------------------------------------------------------------ comparison

/** Whether a type's text names one of the SDK classes we mirror (compared by name only: ours are other classes). */
function mentionsMirrored(a: Analysis, text: string): boolean {
  return a.sdk.some((c) => new RegExp(`\\b${c.name}\\b`).test(text));
}

/** A class of the SDK's implementation (sdk/src, not its public typings in sdk/code): `zegoWebRTM`'s type. */
function internalClass(type: ts.Type): string | undefined {
  const sym = type.getSymbol();
  const decl = sym && sym.flags & ts.SymbolFlags.Class ? sym.declarations?.find(ts.isClassDeclaration) : undefined;
  if (!decl) return undefined;
  const path = rel(decl.getSourceFile().fileName, SDK_PKG);
  return path.startsWith('sdk/src/') ? sym!.name : undefined;
}

/** Ours may stand where the SDK's return type is expected: `any`/`void` on the SDK side, same text, or assignable. */
function returnMatches(a: Analysis, sdk: ts.Type, sdkText: string, ours: ts.Type, oursText: string): boolean {
  if (sdk.flags & (ts.TypeFlags.Any | ts.TypeFlags.Void)) return true;
  const print = (t: ts.Type) => norm(a.checker.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation));
  if (norm(sdkText) === norm(oursText) || print(sdk) === print(ours)) return true;
  if (mentionsMirrored(a, sdkText)) return false;
  return a.checker.isTypeAssignableTo(ours, sdk);
}

/** Ours accepts what the SDK's parameter accepts (loose: only a warning when not). */
function paramMatches(a: Analysis, sdk: ts.Type, sdkText: string, ours: ts.Type, oursText: string): boolean {
  if (ours.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  if (norm(sdkText) === norm(oursText)) return true;
  if (mentionsMirrored(a, sdkText)) return false;
  return a.checker.isTypeAssignableTo(sdk, ours);
}

/** Type parameters named by position: `<k extends X>(e: k)` reads like `<K extends X>(e: K)`. */
function canonical(text: string, names: string[]): string {
  return names.reduce((t, n, i) => t.replace(new RegExp(`\\b${n}\\b`, 'g'), () => `#T${i}`), text);
}

function compareMember(a: Analysis, sdk: Member, ours: OurMember): { problems: string[]; warnings: string[] } {
  const problems: string[] = [...ours.tagProblems];
  const sdkText = (t: string) => canonical(t, sdk.typeParamNames);
  const ourText = (t: string) => canonical(t, ours.typeParamNames);
  const warnings: string[] = [];
  const st = a.sdkTypes.get(sdk)!;
  const ot = a.ourTypes.get(ours)!;
  if (sdk.kind !== ours.kind) {
    problems.push(`is a ${ours.kind}, the SDK's is a ${sdk.kind}`);
    return { problems, warnings };
  }
  // same name is not same class: a type imported from the SDK by mistake prints like ours
  const foreign = [...classesIn(a, ot.type)].map((c) => c.name?.text ?? 'default');
  if (foreign.length) problems.push(`${sdk.kind === 'method' ? 'returns' : 'has'} the SDK's ${foreign.join(', ')}, not ours`);
  const internal = internalClass(st.type);
  if (internal) warnings.push(`the SDK's type \`${internal}\` is internal to its implementation: any type accepted`);
  if (sdk.kind === 'property') {
    if (!sdk.readonly && ours.readonly) warnings.push('read-only here, writable in the SDK');
    if (internal) return { problems, warnings };
    if (!returnMatches(a, st.type, sdk.type, ot.type, ours.type)) problems.push(`type \`${ours.type}\`, SDK \`${sdk.type}\``);
    return { problems, warnings };
  }
  const show = (ps: Param[]) => `(${ps.map((p) => `${p.rest ? '...' : ''}${p.name}${p.optional && !p.rest ? '?' : ''}`).join(', ')})`;
  const sameShape =
    sdk.params.length === ours.params.length &&
    sdk.params.every((p, i) => p.name === ours.params[i].name && p.optional === ours.params[i].optional && p.rest === ours.params[i].rest);
  if (!sameShape) problems.push(`parameters ${show(ours.params)}, SDK ${show(sdk.params)}`);
  else
    sdk.params.forEach((p, i) => {
      const o = ours.params[i];
      if (!paramMatches(a, st.params[i], sdkText(p.type), ot.params[i], ourText(o.type)))
        warnings.push(`${p.name}: \`${o.type}\`, SDK \`${p.type}\``);
    });
  if (!internal && !returnMatches(a, st.type, sdkText(sdk.type), ot.type, ourText(ours.type)))
    problems.push(`returns \`${ours.type}\`, SDK \`${sdk.type}\``);
  if (norm(sdkText(sdk.typeParams)) !== norm(ourText(ours.typeParams)))
    warnings.push(`type parameters \`${ours.typeParams || 'none'}\`, SDK \`${sdk.typeParams || 'none'}\``);
  return { problems, warnings };
}

/**
 * The comparison, per SDK class in discovery order, rows in SDK declaration order. `engineDir` (default src/engine)
 * is scanned, with its subfolders, for our exported classes; the analysis is cached per folder within a process.
 */
export function compareSurface(engineDir = ENGINE_DIR): ClassReport[] {
  const a = analysis(engineDir);
  return a.sdk.map((sdk): ClassReport => {
    const ours = ourClass(a, sdk.ours);
    const rows = sdk.members.map((m): Row => {
      const key = `${m.isStatic ? 'static ' : ''}${m.name}`;
      const our = ours?.members.get(key);
      if (!our) {
        const other = ours?.members.get(`${m.isStatic ? '' : 'static '}${m.name}`);
        const problems = [other ? `declared ${other.isStatic ? 'static' : 'on instances'} here` : 'missing'];
        return { sdk: m, status: 'missing', problems, warnings: [] };
      }
      return { sdk: m, ours: our, status: our.status, ...compareMember(a, m, our) };
    });
    if (ours?.duplicates.length) rows[0]?.warnings.push(`${sdk.ours} is also declared in ${ours.duplicates.join(', ')}`);
    return { sdk, file: ours?.file, rows };
  });
}

export function totals(report: ClassReport): Totals {
  const t: Totals = { sdk: report.rows.length, present: 0, implemented: 0, partial: 0, cloud: 0, accepted: 0, missing: 0, differs: 0 };
  for (const r of report.rows) {
    t[r.status]++;
    if (r.status !== 'missing') t.present++;
    if (r.status !== 'missing' && r.problems.length) t.differs++;
  }
  return t;
}

export function sumTotals(reports: ClassReport[]): Totals {
  const sum: Totals = { sdk: 0, present: 0, implemented: 0, partial: 0, cloud: 0, accepted: 0, missing: 0, differs: 0 };
  for (const r of reports) {
    const t = totals(r);
    for (const k of Object.keys(sum) as (keyof Totals)[]) sum[k] += t[k];
  }
  return sum;
}

/** `Class.member: what differs` for every missing or mismatched member: what test (b) fails with. */
export function failures(reports: ClassReport[]): string[] {
  return reports.flatMap((r) =>
    r.rows
      .filter((row) => row.problems.length)
      .map((row) => `${r.sdk.ours}.${row.sdk.isStatic ? 'static ' : ''}${row.sdk.name}: ${row.problems.join('; ')}`),
  );
}

// ------------------------------------------------------------------------------------------------ the doc and summary

export const DOC_PATH = join(ROOT, 'docs', 'local-engine-api.md');
const STATUS_TEXT: Record<Status, string> = {
  implemented: 'implemented',
  partial: 'partial',
  cloud: 'refused (cloud)',
  accepted: 'accepted',
  missing: 'missing',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const code = (s: string) => `\`${cell(s).replace(/`/g, "'")}\``;

/** One line a README can quote. */
export function readmeLine(reports: ClassReport[]): string {
  const t = sumTotals(reports);
  return (
    `Against \`zego-express-engine-webrtc\` ${SDK_VERSION}: ${t.sdk} public members of ${reports.length} classes; ` +
    `${t.implemented} implemented, ${t.partial} partial, ${t.cloud} refused as cloud-only (code 1101003), ` +
    `${t.accepted} accepted without effect, ${t.missing} missing.`
  );
}

function totalsTable(reports: ClassReport[]): string[] {
  const out = [
    '| class | SDK members | present | implemented | partial | refused (cloud) | accepted | missing |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const line = (name: string, t: Totals) =>
    `| ${name} | ${t.sdk} | ${t.present} | ${t.implemented} | ${t.partial} | ${t.cloud} | ${t.accepted} | ${t.missing} |`;
  for (const r of reports) out.push(line(code(r.sdk.ours), totals(r)));
  out.push(line('**all**', sumTotals(reports)));
  return out;
}

/** docs/local-engine-api.md, deterministic (SDK declaration order, no dates, repository-relative paths). */
export function renderDoc(reports: ClassReport[]): string {
  const out: string[] = [
    '# The local engine against the ZEGO Web SDK',
    '',
    '<!-- generated by `node --import tsx scripts/api-surface.ts --write`; test/node/api-surface.test.ts fails when it is stale -->',
    '',
    `\`ZegoLocalEngine\` (src/engine/) is an offline engine with the API of ZEGO's Web SDK \`zego-express-engine-webrtc\` ` +
      `${SDK_VERSION}: rooms, users, streams and messages over our own signalling (BroadcastChannel between tabs, or our ` +
      `room server), media over WebRTC between peers. Below is every public member of every SDK class it mirrors ` +
      `(the engine, \`ZegoLocalStream\`, \`ZegoStreamView\` and the objects the engine's methods return, inherited ` +
      `members included), read from the SDK's typings, with our declaration and its status:`,
    '',
    '- **implemented**: does what the SDK does;',
    '- **partial**: implemented, with the difference the notes explain (`@partial` on our member);',
    "- **refused (cloud)**: only ZEGO's cloud can do it (a media server, CDN, ZEGO's models): the member answers " +
      "with the SDK's error shape and code **1101003**, and a message naming the feature (`@cloud`, " +
      'src/engine/cloud-only.ts);',
    "- **accepted**: a setting that only tunes ZEGO's cloud path: accepted, no effect (`@accepted`);",
    "- **missing**: not there yet (the signature column shows the SDK's declaration).",
    '',
    'This file is generated by `node --import tsx scripts/api-surface.ts --write` and checked by ' +
      'test/node/api-surface.test.ts, which also fails on any missing member or any signature that differs from the ' +
      "SDK's (parameter count, names and optionality; return type).",
    '',
  ];
  for (const r of reports) {
    const where = r.file ?? `not written yet (expected e.g. ${EXPECTED_FILES[r.sdk.ours] ?? 'src/engine/'})`;
    const via = r.sdk.via === 'root' ? '' : `, returned by \`${r.sdk.via}\``;
    out.push(`## \`${r.sdk.ours}\``, '', `SDK: \`${r.sdk.name}\` (${r.sdk.file}${via}). Ours: ${where}.`, '');
    out.push('| member | signature | status | notes |', '| --- | --- | --- | --- |');
    for (const row of r.rows) {
      const m = row.ours ?? row.sdk;
      const notes = [row.ours?.note ?? '', row.ours && row.problems.length ? `**differs from the SDK**: ${row.problems.join('; ')}` : '']
        .filter(Boolean)
        .join(' ');
      const name = `${m.isStatic ? 'static ' : ''}${m.name}`;
      out.push(`| ${code(name)} | ${code(m.signature)} | ${STATUS_TEXT[row.status]} | ${cell(notes)} |`);
    }
    out.push('');
  }
  out.push('## Totals', '', ...totalsTable(reports), '', readmeLine(reports), '');
  return out.join('\n');
}

/** What scripts/api-surface.ts prints: per class the counts, the missing and mismatched members; then the totals. */
export function renderSummary(reports: ClassReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const t = totals(r);
    out.push(
      `${r.sdk.ours} (SDK ${r.sdk.name}${r.sdk.via === 'root' ? '' : `, from ${r.sdk.via}`}; ours: ${r.file ?? 'not written yet'}): ` +
        `${t.sdk} members, ${t.present} present, ${t.missing} missing, ${t.differs} differ`,
    );
    const missing = r.rows.filter((row) => row.status === 'missing').map((row) => `${row.sdk.isStatic ? 'static ' : ''}${row.sdk.name}`);
    if (missing.length) out.push(`  missing: ${missing.join(', ')}`);
    for (const row of r.rows.filter((x) => x.ours && x.problems.length)) out.push(`  differs: ${row.sdk.name}: ${row.problems.join('; ')}`);
    for (const row of r.rows.filter((x) => x.warnings.length)) out.push(`  warning: ${row.sdk.name}: ${row.warnings.join('; ')}`);
  }
  out.push('', ...totalsTable(reports), '', readmeLine(reports));
  return out.join('\n');
}
