// Define the elements before React creates them: React 19 then sets props that the element has as properties
// (`'publish' in el`) and the rest as attributes.
import 'zego-elements/define.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
