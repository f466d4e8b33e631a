export function sortManifest<T extends { modules: { path: string }[] }>(manifest: T): T;
