// Bundles the explorer into ../static (served by comity serve): no CDN at run time.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static");
const assets = join(out, "assets");

await rm(out, { recursive: true, force: true });
await mkdir(assets, { recursive: true });
await build({
  entryPoints: { explorer: join(here, "src", "main.js") },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outdir: assets,
  legalComments: "linked",
  logLevel: "warning",
});
await build({
  entryPoints: { explorer: join(here, "src", "style.css") },
  bundle: true,
  minify: true,
  outdir: assets,
  logLevel: "warning",
});
await copyFile(join(here, "index.html"), join(out, "index.html"));
await copyFile(
  join(here, "node_modules", "world-atlas", "countries-50m.json"),
  join(assets, "countries-50m.json"),
);
await copyFile(join(here, "node_modules", "world-atlas", "LICENSE"), join(assets, "world-atlas.LICENSE"));
console.log(`explorer built into ${out}`);
