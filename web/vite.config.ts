/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// The dashboard: built into dist/, served by `chaintwin serve` at `/`.
export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  test: { environment: "node", include: ["tests/unit/**/*.test.ts"] },
});
