/**
 * How a stream says it carries a shared screen, so that every page can show it large with a "presenting" label:
 * - `<zego-local-video>` sharing its screen in place of the camera sets the stream's extra info to
 *   `{"source":"screen"}` (and `{"source":"camera"}` when it goes back);
 * - a page publishing its screen as a stream of its own names it `*-screen` (the kit's) or `*_screensharing`
 *   (ZEGO UIKit's), or gives it that extra info.
 * Extra info that is not the kit's JSON is left alone and read as "not a screen".
 */
export type StreamSource = 'camera' | 'screen';

/** The extra info `<zego-local-video>` publishes for `source`. */
export function sourceExtraInfo(source: StreamSource): string {
  return JSON.stringify({ source });
}

/** Whether a stream carries a shared screen, from its ID and extra info. */
export function isScreenStream(streamID: string, extraInfo: string | undefined): boolean {
  if (/(?:-screen|_screensharing)$/.test(streamID)) return true;
  if (!extraInfo || extraInfo[0] !== '{') return false;
  try {
    const info: unknown = JSON.parse(extraInfo);
    return typeof info === 'object' && info !== null && (info as { source?: unknown }).source === 'screen';
  } catch {
    return false;
  }
}
