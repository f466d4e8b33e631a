// Angular: CUSTOM_ELEMENTS_SCHEMA lets the tags through unchecked (attributes and properties are not typed there);
// with strictTemplates each `(zego-*)` binding's `$event` comes from the kit's HTMLElementEventMap. The binding
// after `wrong:` hands a ZegoErrorEvent to a handler of another event and must fail.
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import type { ZegoEngineEvent, ZegoErrorEvent } from 'zego-elements';

@Component({
  selector: 'app-call',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <zego-room [roomID]="'r1'" [userID]="'alice'" [server]="''" (zego-room-state-changed)="onState($event)" (zego-error)="onError($event)">
      <zego-local-video publish controls></zego-local-video>
    </zego-room>
    <!-- wrong: zego-error is not a room state event -->
    <zego-room (zego-error)="onState($event)"></zego-room>
  `,
})
export class Call {
  onState(e: ZegoEngineEvent<'roomStateChanged'>): void {
    console.log(e.detail.reason);
  }

  onError(e: ZegoErrorEvent): void {
    console.log(e.detail.code);
  }
}
