// The kit's tags as JSX intrinsic elements for React 19: attributes as in HTML, and one `on<event-name>` prop per
// `zego-*` event (React 19 adds a listener for the event named after the prop without `on`, case kept:
// `onzego-room-state-changed` listens for `zego-room-state-changed`). Event types come from the kit's own
// `HTMLElementEventMap` entries, so an event the kit adds is typed here without an edit.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {} from 'zego-elements';

/** The element class of `tag` once the kit declares it in `HTMLElementTagNameMap`, else `HTMLElement`. */
type ElementOf<T extends string> = T extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[T] : HTMLElement;

type ZegoEventName = Extract<keyof HTMLElementEventMap, `zego-${string}`>;
type ZegoEventProps = { [K in ZegoEventName as `on${K}`]?: (event: HTMLElementEventMap[K]) => void };

type Props<T extends string, A> = DetailedHTMLProps<HTMLAttributes<ElementOf<T>>, ElementOf<T>> & A & ZegoEventProps;
type Flag = boolean | '';

interface ZegoRoomAttributes {
  'app-id'?: string | number;
  server?: string;
  'room-id'?: string;
  'user-id'?: string;
  'user-name'?: string;
  token?: string;
  'token-url'?: string;
  engine?: 'zego' | 'local';
  'login-timeout'?: number;
  manual?: Flag;
  debug?: Flag;
  'hide-status'?: Flag;
}

interface ZegoLocalVideoAttributes {
  publish?: Flag;
  controls?: Flag;
  'stream-id'?: string;
  'no-video'?: Flag;
  'no-audio'?: Flag;
  quality?: 1 | 2 | 3 | 4;
  'camera-id'?: string;
  'microphone-id'?: string;
  screen?: Flag;
  mirror?: Flag;
  fit?: 'contain' | 'cover';
  'video-muted'?: Flag;
  'audio-muted'?: Flag;
}

interface ZegoRemoteVideosAttributes {
  layout?: 'grid' | 'spotlight';
  'max-streams'?: number;
  fit?: 'contain' | 'cover';
  stats?: Flag;
  muted?: Flag;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'zego-room': Props<'zego-room', ZegoRoomAttributes>;
      'zego-local-video': Props<'zego-local-video', ZegoLocalVideoAttributes>;
      'zego-remote-videos': Props<'zego-remote-videos', ZegoRemoteVideosAttributes>;
    }
  }
}
