export function reference(manifest: unknown): string;
export function readmeWithReference(readme: string, manifest: unknown): string;
