/**
 * The parts of the kit that load on first use, each in a chunk of its own: the local engine (never downloaded by a
 * page on ZEGO's cloud), the room's engine and login logic, the local video's capture logic, and the video
 * renderer. None of them stands between the page and its elements being defined. Each loader keeps its module:
 * later calls resolve with it at once, and `loaded*()` hands it over synchronously.
 */

function lazy<M>(importer: () => Promise<M>): { load: () => Promise<M>; loaded: () => M | undefined } {
  let module: M | undefined;
  return {
    load: () => (module ? Promise.resolve(module) : importer().then((m) => (module = m))),
    loaded: () => module,
  };
}

const localEngine = lazy(() => import('./engine/index.js'));
const renderer = lazy(() => import('./render/video-renderer.js'));
const roomController = lazy(() => import('./room/room-controller.js'));
const localVideoView = lazy(() => import('./local/local-video-view.js'));

/** The local engine's classes (`ZegoLocalEngine`, `ZegoLocalStream`, `ZegoStreamView`), loaded on first call. */
export const loadLocalEngine = localEngine.load;
/** The local engine's module once some `loadLocalEngine()` has resolved. */
export const loadedLocalEngine = localEngine.loaded;

/** `VideoRenderer`, loaded on first call. */
export const loadVideoRenderer = renderer.load;
/** The renderer's module once some `loadVideoRenderer()` has resolved. */
export const loadedVideoRenderer = renderer.loaded;

/** `<zego-room>`'s controller (engine choice, login, callbacks). Internal. */
export const loadRoomController = roomController.load;
/** The room controller's module once some `loadRoomController()` has resolved. */
export const loadedRoomController = roomController.loaded;

/** `<zego-local-video>`'s view and controller (capture, publication, devices). Internal. */
export const localVideoViewLoader = {
  load: () => localVideoView.load().then((m) => m.createLocalVideoView),
  loaded: () => localVideoView.loaded()?.createLocalVideoView,
};

const remoteVideosView = lazy(() => import('./remote/remote-videos-view.js'));
/** `<zego-remote-videos>`'s view and controller (plays, tiles, layout). Internal. */
export const remoteVideosViewLoader = {
  load: () => remoteVideosView.load().then((m) => m.createRemoteVideosView),
  loaded: () => remoteVideosView.loaded()?.createRemoteVideosView,
};

// The views of the elements that load on first use: each element's class is in the entry, its template, styles and
// logic in a chunk (see src/elements/lazy-element.ts).
const chatView = lazy(() => import('./chat/chat-view.js'));
const participantsView = lazy(() => import('./participants/participants-view.js'));
const prejoinView = lazy(() => import('./prejoin/prejoin-view.js'));
const callView = lazy(() => import('./call/call-view.js'));

/** `<zego-chat>`'s view. Internal. */
export const chatViewLoader = {
  load: () => chatView.load().then((m) => m.createChatView),
  loaded: () => chatView.loaded()?.createChatView,
};
/** `<zego-participants>`'s view. Internal. */
export const participantsViewLoader = {
  load: () => participantsView.load().then((m) => m.createParticipantsView),
  loaded: () => participantsView.loaded()?.createParticipantsView,
};
/** `<zego-prejoin>`'s view. Internal. */
export const prejoinViewLoader = {
  load: () => prejoinView.load().then((m) => m.createPrejoinView),
  loaded: () => prejoinView.loaded()?.createPrejoinView,
};
/** `<zego-call>`'s view. Internal. */
export const callViewLoader = {
  load: () => callView.load().then((m) => m.createCallView),
  loaded: () => callView.loaded()?.createCallView,
};
