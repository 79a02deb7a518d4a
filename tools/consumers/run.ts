/**
 * `pnpm consumers`: what a product team meets. Packs `@parley/voice-core` and
 * `@parley/voice-react` (`pnpm pack`, so `workspace:` ranges become versions), copies each
 * example app outside the repository, installs the tarballs there with npm (a missing file, a
 * wrong `exports` entry or an undeclared dependency fails here), builds it as its README says,
 * and drives it in Chromium. Prints each step's time and the app's initial JS. `--keep` keeps
 * the folders and prints where they are.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNextExample } from './nextExample';
import { runViteExample } from './viteExample';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'parley-consumers-'));

/** Runs a command, echoing it; returns its wall time in seconds. */
export function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): number {
  const started = performance.now();
  console.log(`[consumers] $ ${cmd} ${args.join(' ')}   (in ${cwd})`);
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, CI: 'true', ...env } });
  return (performance.now() - started) / 1000;
}

/** What a tarball ships, for the CI log: its file count by folder, then every path. */
function printPackedFiles(tarball: string): void {
  const paths = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((p) => p && !p.endsWith('/'))
    .map((p) => p.replace(/^package\//, ''))
    .sort();
  const by = (prefix: string) => paths.filter((p) => p.startsWith(prefix)).length;
  console.log(
    `[consumers] ${basename(tarball)}: ${paths.length} files (dist ${by('dist/')}, src ${by('src/')}, ` +
      `other ${paths.length - by('dist/') - by('src/')}): ${paths.join(' ')}`,
  );
}

function packAll(): Record<string, string> {
  const out = join(work, 'tarballs');
  run('pnpm', ['--filter', '@parley/voice-core', '--filter', '@parley/voice-react', 'build'], repo);
  for (const pkg of ['voice-core', 'voice-react'])
    run('pnpm', ['pack', '--pack-destination', out], join(repo, 'packages', pkg));
  const files = readdirSync(out);
  for (const tarball of files) printPackedFiles(join(out, tarball));
  const find = (prefix: string) => {
    const f = files.find((name) => name.startsWith(prefix));
    if (!f) throw new Error(`no tarball ${prefix}* in ${out}`);
    return join(out, f);
  };
  return {
    '@parley/voice-core': find('parley-voice-core-'),
    '@parley/voice-react': find('parley-voice-react-'),
  };
}

/** A copy of `apps/<name>` outside the repository, without build output or installs. */
export function copyExample(name: string): string {
  const to = join(work, name);
  cpSync(join(repo, 'apps', name), to, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|dist|\.next|test-results)([\\/]|$)/.test(src),
  });
  return to;
}

let code = 0;
try {
  const tarballs = packAll();
  await runViteExample({ tarballs, copyExample, run, repo });
  await runNextExample({ tarballs, copyExample, run, repo });
} catch (error) {
  console.error('[consumers] failed:', error);
  code = 1;
} finally {
  if (keep) console.log(`[consumers] kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(code);
