import { LitElement, adoptStyles, nothing, type CSSResultOrNative, type PropertyValues } from 'lit';
import { onMessagesChanged } from '../i18n/messages.js';
import { ZegoErrorEvent } from '../room/events.js';
import { Code, toZegoError } from '../shared/codes.js';

/**
 * What an element that loads on first use keeps out of the CDN entry: its template, styles and logic. The element
 * class (in the entry) holds only its properties and documentation; it builds its view once the view's chunk has
 * loaded and renders through it.
 */
export interface ElementView {
  /** Adopted by the element's shadow root once loaded. */
  readonly styles: readonly CSSResultOrNative[];
  render(): unknown;
  /** Before each render, with the element's changed properties (Lit's `willUpdate`). */
  willUpdate?(changed: PropertyValues): void;
  /** After each render (Lit's `updated`). */
  updated?(changed: PropertyValues): void;
  /** The element was put into a document again (not called for the first connection). */
  connected?(): void;
  /** The element left the document. */
  disconnected?(): void;
}

/** A view's module, as its lazy loader hands it over (see src/lazy.ts). */
export interface ViewLoader<V extends ElementView, H extends LitElement> {
  load(): Promise<(host: H) => V>;
  /** The view factory if its chunk already loaded: the element then renders in its first update. */
  loaded(): ((host: H) => V) | undefined;
}

/**
 * The base of the elements that load on first use (`<zego-call>`, `<zego-prejoin>`, `<zego-chat>`,
 * `<zego-participants>`). Until the view is there the element renders nothing; a chunk that cannot load is
 * reported as `zego-error` 1101000 and the element stays empty. Strings re-render when a message table changes.
 */
export abstract class LazyElement<V extends ElementView> extends LitElement {
  /** The view, once its chunk has loaded. */
  protected view?: V;
  private viewLoad?: Promise<V>;
  private stopMessages?: () => void;

  /**
   * Each element class names its view's loader (statically: the browser builds elements without arguments). Its
   * factory takes that element class (`never` here accepts any: each view knows its own host).
   */
  static viewLoader: ViewLoader<ElementView, never>;

  private get viewLoader(): ViewLoader<V, LazyElement<V>> {
    return (this.constructor as unknown as { viewLoader: ViewLoader<V, LazyElement<V>> }).viewLoader;
  }

  override connectedCallback(): void {
    this.view?.connected?.();
    // Its chunk already loaded: the view is made now (not in the constructor, where the subclass's fields do not
    // exist yet), before Lit connects the controllers it adds, and renders in the first update.
    const make = this.view ? undefined : this.viewLoader.loaded();
    if (make) {
      this.view = make(this);
      this.viewLoad = Promise.resolve(this.view);
    }
    super.connectedCallback();
    this.stopMessages = onMessagesChanged(() => this.requestUpdate());
    void this.whenView().catch(() => {});
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.view?.disconnected?.();
    this.stopMessages?.();
    this.stopMessages = undefined;
  }

  /** The view, loading its chunk once; rejects (after a `zego-error` 1101000) when it cannot load. */
  protected whenView(): Promise<V> {
    this.viewLoad ??= this.viewLoader.load().then(
      (make) => {
        this.view ??= make(this);
        this.adoptViewStyles();
        this.requestUpdate();
        return this.view;
      },
      (e: unknown) => {
        const detail = {
          code: Code.INIT_SDK_WRONG,
          message: `<${this.localName}> could not load: ${toZegoError(e, 0).message}`,
          source: 'engine' as const,
        };
        /** @ignore documented with @fires (zego-error) of each element */
        this.dispatchEvent(new ZegoErrorEvent(detail));
        throw Object.assign(new Error(detail.message), detail);
      },
    );
    return this.viewLoad;
  }

  private adoptViewStyles(): void {
    if (!this.shadowRoot || !this.view) return;
    const own = (this.constructor as typeof LitElement).elementStyles;
    adoptStyles(this.shadowRoot, [...own, ...this.view.styles]);
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    // a view made in the constructor (its chunk was loaded): its styles go in with the first render
    this.adoptViewStyles();
  }

  protected override willUpdate(changed: PropertyValues): void {
    this.view?.willUpdate?.(changed);
  }

  protected override render(): unknown {
    return this.view ? this.view.render() : nothing;
  }

  protected override updated(changed: PropertyValues): void {
    this.view?.updated?.(changed);
  }
}
