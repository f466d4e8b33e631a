// The kit's tags in Svelte's element types (generated from its custom-elements.json): svelte-check checks their
// attributes and properties and types the event of each `onzego-*` attribute (and of Svelte 4's `on:zego-*`).
import type {} from 'zego-elements/svelte';
