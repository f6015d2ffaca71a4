import { defineConfig } from "vite";
import { viteSingleFile } from "vite-plugin-singlefile";

// The report template: one self-contained HTML file (scripts and styles inlined) in
// dist-report/report.html; `chaintwin report` fills in the data.
export default defineConfig({
  base: "./",
  plugins: [viteSingleFile()],
  build: {
    outDir: "dist-report",
    emptyOutDir: true,
    chunkSizeWarningLimit: 8192,
    rollupOptions: { input: "report.html" },
  },
});
