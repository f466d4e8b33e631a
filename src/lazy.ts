/**
 * The parts of the kit that load on first use, each in a chunk of its own: the local engine (never downloaded by a
 * page on ZEGO's cloud), the room's engine and login logic, the local video's capture logic, and the video
 * renderer. None of them stands between the page and its elements being defined. Each loader also keeps the
 * module, so code that runs after the first load can use it synchronously (`loaded*()`).
 */
type LocalEngineModule = typeof import('./engine/index.js');
type RendererModule = typeof import('./render/video-renderer.js');
type RoomControllerModule = typeof import('./room/room-controller.js');
type LocalMediaModule = typeof import('./local/local-media-controller.js');

let localEngine: LocalEngineModule | undefined;
let renderer: RendererModule | undefined;
let localMedia: LocalMediaModule | undefined;
let roomController: RoomControllerModule | undefined;

/** The local engine's classes (`ZegoLocalEngine`, `ZegoLocalStream`, `ZegoStreamView`), loaded on first call. */
export function loadLocalEngine(): Promise<LocalEngineModule> {
  return import('./engine/index.js').then((m) => (localEngine = m));
}

/** The local engine's module once some `loadLocalEngine()` has resolved. */
export const loadedLocalEngine = (): LocalEngineModule | undefined => localEngine;

/** `VideoRenderer`, loaded on first call. */
export function loadVideoRenderer(): Promise<RendererModule> {
  return import('./render/video-renderer.js').then((m) => (renderer = m));
}

/** The renderer's module once some `loadVideoRenderer()` has resolved. */
export const loadedVideoRenderer = (): RendererModule | undefined => renderer;

/** `<zego-room>`'s controller (engine choice, login, callbacks). Internal. */
export function loadRoomController(): Promise<RoomControllerModule> {
  return import('./room/room-controller.js').then((m) => (roomController = m));
}

/** The room controller's module once some `loadRoomController()` has resolved. */
export const loadedRoomController = (): RoomControllerModule | undefined => roomController;

/** `<zego-local-video>`'s controller (capture, publication, devices). Internal. */
export function loadLocalMedia(): Promise<LocalMediaModule> {
  return import('./local/local-media-controller.js').then((m) => (localMedia = m));
}

/** The local media controller's module once some `loadLocalMedia()` has resolved. */
export const loadedLocalMedia = (): LocalMediaModule | undefined => localMedia;
