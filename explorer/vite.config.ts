/**
 * Build of the graph explorer served at /explore: `npm run build:explorer`, or the server itself when the bundle
 * is missing or older than these sources (src/http/explorer.ts). Everything ships in the bundle: no CDN, no fonts.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/explore/",
  // No public/ folder and no .env files: the bundle is exactly what index.html imports.
  publicDir: false,
  envDir: false,
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/explorer/", import.meta.url)),
    emptyOutDir: true,
    // cytoscape is most of the bundle; one chunk of about 0.6 MB (under 0.2 MB compressed) is expected.
    chunkSizeWarningLimit: 1000,
    sourcemap: false,
    // Hashed names under assets/ are served as immutable; index.html is revalidated on every load.
    assetsDir: "assets",
    modulePreload: { polyfill: false },
  },
});
