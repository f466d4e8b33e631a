// React 18 neither sets properties on custom elements nor listens to their events: zego-elements/react wraps each
// element in a component that does both (and defines the elements when imported).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
