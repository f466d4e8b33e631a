export const TYPE_ENTRIES: string[];
export function elementsOf(manifest: unknown): CemElement[];
export function forGenerators<T>(manifest: T): T;
export function withKitEvents(text: string): { text: string; handlers: number };
export function reactEventProp(eventName: string): string;
export function reactComponentName(tagName: string): string;
export function reactWrapper(manifest: unknown): { js: string; dts: string };
export function vueTypes(manifest: unknown): string;
export function frameworkFiles(manifest: unknown): Map<string, string>;
export function generateFrameworks(manifest: unknown, outDir?: string): string[];

export interface CemElement {
  name: string;
  tagName: string;
  attributes?: { name: string; fieldName?: string }[];
  members?: { kind: string; name: string; static?: boolean; readonly?: boolean; privacy?: string; attribute?: string }[];
  events?: { name: string }[];
}
