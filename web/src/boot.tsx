import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { preloadPage } from './page-modules.ts';

/** Renders the app into its root element, once the address's page has its code. */
export async function boot(root: HTMLElement): Promise<void> {
  await preloadPage(window.location.pathname);
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
