// Define the elements before Svelte creates them: Svelte 5 then sets what the element has as a property
// (`'server' in el`) as that property and the rest as attributes.
import 'zego-elements/define.js';
import { mount } from 'svelte';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
