// Angular: CUSTOM_ELEMENTS_SCHEMA lets the template use the kit's tags; `[prop]` sets a property, `[attr.x]` an
// attribute, and `(zego-*)` listens. With strictTemplates, `$event` is typed from the kit's own HTMLElementEventMap
// (a handler taking the wrong event class fails to compile); attributes and properties are not checked.
import 'zego-elements/define.js';
import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import type { ZegoEngineEvent, ZegoErrorEvent } from 'zego-elements';

const params = new URLSearchParams(location.search);

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Room {{ roomID }} as {{ userID }}: <output>{{ state() }}</output></h1>
      <zego-room
        [roomID]="roomID"
        [userID]="userID"
        [server]="server"
        (zego-room-state-changed)="onState($event)"
        (zego-room-user-update)="onUsers($event)"
        (zego-error)="onError($event)"
      >
        <zego-local-video publish controls></zego-local-video>
        <zego-remote-videos layout="grid"></zego-remote-videos>
      </zego-room>
      <p>Others here: {{ users().length ? users().join(', ') : 'nobody yet' }}</p>
      <ol>
        @for (line of log(); track $index) {
          <li>{{ line }}</li>
        }
      </ol>
    </main>
  `,
})
class App {
  readonly roomID = params.get('room') ?? 'angular';
  readonly userID = params.get('user') ?? `user${Math.floor(Math.random() * 10000)}`;
  // '' = BroadcastChannel between tabs of this browser; ws://host:port/ws = a room server
  readonly server = params.get('server') ?? '';
  readonly state = signal('joining');
  readonly users = signal<string[]>([]);
  readonly log = signal<string[]>([]);

  private write(line: string): void {
    this.log.update((l) => [`${new Date().toLocaleTimeString()} ${line}`, ...l].slice(0, 100));
  }

  onState(e: ZegoEngineEvent<'roomStateChanged'>): void {
    this.state.set(e.detail.reason);
    this.write(`${e.type} ${e.detail.reason} ${e.detail.errorCode}`);
  }

  onUsers(e: ZegoEngineEvent<'roomUserUpdate'>): void {
    const ids = e.detail.userList.map((u) => u.userID);
    this.users.update((list) => (e.detail.updateType === 'ADD' ? [...new Set([...list, ...ids])] : list.filter((id) => !ids.includes(id))));
    this.write(`${e.type} ${e.detail.updateType} ${ids.join(', ')}`);
  }

  onError(e: ZegoErrorEvent): void {
    this.write(`${e.type} ${e.detail.code} ${e.detail.message}`);
  }
}

bootstrapApplication(App).catch((e: unknown) => console.error(e));
