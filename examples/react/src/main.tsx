// Define the elements before React creates them: React 19 then sets props that the element has as properties
// (`'publish' in el`) and the rest as attributes. `zego-elements/jsx` types the tags in JSX (generated from the
// kit's custom-elements.json): attributes, properties and one `on<event-name>` prop per event.
import 'zego-elements/define.js';
import type {} from 'zego-elements/jsx';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
