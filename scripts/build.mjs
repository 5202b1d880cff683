/**
 * `npm run build` (and `npm install` / `npm ci`, through `prepare`): compile src/ to JavaScript in dist/, one file
 * per source file in the same layout, so paths taken relative to a module (the default seed directory) hold in
 * both. esbuild only strips types (`tsc --noEmit` checks them); relative `.ts` imports become `.js`. Each file is
 * written to a temporary name and renamed, so a server starting from dist/ while another process rebuilds it never
 * reads half a file. dist/explorer/, the explorer's bundle, is left alone; the explorer is built too when
 * package.json has a `build:explorer` script and its build tools are installed.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const sourceDir = join(root, "src");
const outDir = join(root, "dist");
/** Written last: its time says when the last complete server build finished. */
const BUILD_STAMP = join(outDir, ".server-build");
/** What the explorer's build owns inside dist/: never removed by the server build. */
const EXPLORER_OUTPUT = join(outDir, "explorer");

/** Every file under a directory, recursively. */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** The TypeScript modules of the server. */
function serverSources() {
  return filesUnder(sourceDir).filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"));
}

/** Whether dist/ holds a complete server build at least as new as every source file. */
export function serverBuildIsFresh() {
  let built;
  try {
    built = statSync(BUILD_STAMP).mtimeMs;
  } catch {
    return false;
  }
  for (const path of serverSources()) {
    if (statSync(path).mtimeMs > built) return false;
  }
  return true;
}

/** Compile src/**.ts to dist/**.js and remove modules whose source is gone; returns how many modules were written. */
export async function buildServer() {
  const { build } = await import("esbuild");
  const entryPoints = serverSources();
  const result = await build({
    entryPoints,
    outdir: outDir,
    outbase: sourceDir,
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [
      {
        name: "one-module-per-source",
        setup(builder) {
          // Every import stays an import: packages load from node_modules, and a relative `.ts` import points at
          // the `.js` file this same build writes beside it.
          builder.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === "entry-point") return undefined;
            const path = /^\.\.?\//.test(args.path) ? args.path.replace(/\.ts$/, ".js") : args.path;
            return { path, external: true };
          });
        },
      },
    ],
  });
  const written = new Set();
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
    written.add(file.path);
  }
  for (const path of filesUnder(outDir)) {
    if (path.startsWith(`${EXPLORER_OUTPUT}/`) || path === BUILD_STAMP || written.has(path)) continue;
    if (/\.js(\.map)?$/.test(path)) rmSync(path, { force: true });
  }
  writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
  return entryPoints.length;
}

/** Build the explorer when its script exists (it writes dist/explorer/); skipped when dev tools are not installed. */
function buildExplorer() {
  const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts ?? {};
  if (!scripts["build:explorer"]) return;
  if (!existsSync(join(root, "node_modules", "vite"))) {
    console.log("explorer not built: its build tools (devDependencies) are not installed");
    return;
  }
  execFileSync("npm", ["run", "build:explorer"], { cwd: root, stdio: "inherit" });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const modules = await buildServer();
  console.log(
    `built ${modules} modules into ${relative(root, outDir)}/ in ${Math.round(performance.now() - started)} ms`,
  );
  if (!process.argv.includes("--server-only")) buildExplorer();
}
