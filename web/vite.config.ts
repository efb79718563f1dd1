import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The entry starts the first page's API reads and then imports the app; a modulepreload of the app
 * chunk in index.html lets the browser fetch that chunk at the same time instead of afterwards.
 */
function preloadApp(): Plugin {
  return {
    name: 'fathom-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle ?? {};
        const boot = Object.values(bundle).find((c) => c.type === 'chunk' && c.name === 'boot');
        if (!boot || boot.type !== 'chunk') return [];
        // The app chunk and every chunk it imports statically, each once.
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (files.has(fileName) || !chunk || chunk.type !== 'chunk') return;
          files.add(fileName);
          for (const imported of chunk.imports) visit(imported);
        };
        visit(boot.fileName);
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/** The web app: built into web/dist, which the server serves; in development /api goes to a running server. */
export default defineConfig({
  root,
  plugins: [react(), preloadApp()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': process.env.FATHOM_API ?? 'http://127.0.0.1:8787' } },
});
