/**
 * The Dockerfile cannot be built here (no container engine), so it is held to what can be checked without one:
 * every file it copies from the context exists and is not excluded by .dockerignore, the build stage's output
 * directory is tsconfig.build.json's, the entrypoint is package.json's bin (the compiled src/cli/main.ts), the
 * runtime stage installs production dependencies only and runs as a non-root user, and the Node image's major
 * version is the one the project develops and tests on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string): string => readFileSync(`${ROOT}${path}`, 'utf8');

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

/** Instructions (comments and continuations folded), each with the index of the stage it belongs to. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [op = '', ...rest] = trimmed.split(/\s+/);
    if (op.toUpperCase() === 'FROM') stage += 1;
    out.push({ op: op.toUpperCase(), args: rest.join(' '), stage });
  }
  return out;
}

const dockerfile = instructions(read('Dockerfile'));
const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.replace(/^\//, ''));
const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string>; scripts: Record<string, string>; devDependencies: Record<string, string> };
const tsBuild = JSON.parse(read('tsconfig.build.json')) as { compilerOptions: { rootDir: string; outDir: string } };
const lastStage = Math.max(...dockerfile.map((i) => i.stage));

describe('Dockerfile', () => {
  it('copies only paths that exist in the build context and are not ignored', () => {
    const sources = dockerfile.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from')).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(`${ROOT}${source}`), source).toBe(true);
      expect(ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)), `${source} is in .dockerignore`).toBe(false);
    }
    // What the image must never carry from the host.
    for (const pattern of ['node_modules', '.tools', '.git', 'dist']) expect(ignored).toContain(pattern);
  });

  it('builds with the build script and takes its output directory into the runtime stage', () => {
    const build = dockerfile.filter((i) => i.stage === 0);
    expect(build.map((i) => `${i.op} ${i.args}`)).toContain('RUN npm run build');
    expect(pkg.scripts.build).toContain('tsconfig.build.json');
    const workdir = build.find((i) => i.op === 'WORKDIR')?.args;
    const fromBuild = dockerfile.find((i) => i.stage === lastStage && i.op === 'COPY' && i.args.startsWith('--from=build'));
    expect(fromBuild?.args).toBe(`--from=build ${workdir ?? ''}/${tsBuild.compilerOptions.outDir} ./${tsBuild.compilerOptions.outDir}`);
  });

  it('starts package.json\'s bin, the compiled src/cli/main.ts', () => {
    const entrypoint = JSON.parse(dockerfile.find((i) => i.op === 'ENTRYPOINT')?.args ?? '[]') as string[];
    expect(entrypoint[0]).toBe('node');
    const { rootDir, outDir } = tsBuild.compilerOptions;
    const compiled = `${outDir}/${'src/cli/main.ts'.slice(rootDir.length + 1).replace(/\.ts$/, '.js')}`;
    expect(entrypoint[1]).toBe(compiled);
    expect(pkg.bin.kubehow).toBe(compiled);
    expect(existsSync(`${ROOT}src/cli/main.ts`)).toBe(true);
  });

  it('installs production dependencies only in the runtime stage and runs it as a non-root user', () => {
    const runtime = dockerfile.filter((i) => i.stage === lastStage);
    expect(runtime.some((i) => i.op === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    const user = runtime.filter((i) => i.op === 'USER').at(-1)?.args ?? 'root';
    expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
  });

  it('uses the Node major the project is developed and tested with', () => {
    const major = /(\d+)/.exec(pkg.devDependencies.node ?? '')?.[1];
    const images = dockerfile.filter((i) => i.op === 'FROM').map((i) => i.args.split(/\s+/)[0]);
    expect(images).toHaveLength(2);
    for (const image of images) expect(image).toBe(`node:${major ?? '?'}-bookworm-slim`);
  });
});
