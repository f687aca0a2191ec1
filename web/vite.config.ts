/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The API is always same-origin (relative /api/v1 URLs); in development Vite
// forwards it to a locally running todo-api. The Host header is kept, so the
// API's same-origin check of cookie-authenticated requests sees the page's origin.
const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:8081";
const proxy = {
  "/api": { target: backend, changeOrigin: false },
  "/mcp": { target: backend, changeOrigin: false },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: {
    target: "es2022",
    // Vite inlines small assets as data: URLs by default; keep every asset a file
    // so the production CSP can stay strict.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    unstubGlobals: true,
    // user-event types each character: the detail dialog's tests took over
    // Vitest's default 5 s on the 2-core machine while it compiled beside them.
    testTimeout: 20_000,
  },
});
