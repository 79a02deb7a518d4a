/**
 * What a package's tarball ships, checked: run in a package folder after its build.
 *
 *   node --import tsx ../../tools/checkPack.ts [--no-internal dist/index.d.ts:VoiceSession]
 *
 * - Lists the files `npm pack --dry-run` would publish and fails on any test, harness or
 *   fixture file (our own test utilities are never product).
 * - With `--no-internal FILE:CLASS`, fails when the built declaration of CLASS has a member
 *   marked `@internal` or `private` (a class's state is `#private`, which declarations show
 *   only as `#private;`, so nothing of it leaks into a user's types).
 * Prints what it counted either way.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const TEST_ONLY = [
  /\.test\.tsx?$/,
  /(^|\/)(test|tests|__tests__|fixtures?)\//,
  /Harness\.ts$/,
  /Fixture\.ts$/,
  /BrowserKit\.ts$/,
  /redisTestServer\.ts$/,
  /sessionStoreContract\.ts$/,
];

const failures: string[] = [];
const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
) as Array<{ name: string; files: Array<{ path: string }>; unpackedSize: number }>;
if (!pack) throw new Error('npm pack printed nothing');
const files = pack.files.map((f) => f.path);
const testOnly = files.filter((f) => TEST_ONLY.some((re) => re.test(f)));
for (const f of testOnly) failures.push(`ships a test-only file: ${f}`);
const src = files.filter((f) => f.startsWith('src/')).length;
const dist = files.filter((f) => f.startsWith('dist/')).length;
console.log(
  `${pack.name}: ${files.length} files in the tarball (dist ${dist}, src ${src}), ` +
    `${(pack.unpackedSize / 1024).toFixed(1)} KiB unpacked; test-only files: ${testOnly.length}`,
);

const flag = process.argv.indexOf('--no-internal');
if (flag !== -1) {
  const [file, className] = (process.argv[flag + 1] ?? '').split(':');
  if (!file || !className) throw new Error('--no-internal takes FILE:CLASS');
  const declaration = new RegExp(`declare class ${className}\\b`);
  // The bundler may declare the class in a shared chunk the entry re-exports: look in the
  // entry, then in each declaration file it imports.
  const entry = readFileSync(file, 'utf8');
  const chunks = [...entry.matchAll(/from "(\.\/[^"]+)\.js"/g)].map((m) =>
    join(dirname(file), `${m[1]}.d.ts`),
  );
  const where = [file, ...chunks].find(
    (f) => existsSync(f) && declaration.test(readFileSync(f, 'utf8')),
  );
  const dts = where ? readFileSync(where, 'utf8') : '';
  const start = where ? dts.search(declaration) : -1;
  if (start === -1) {
    failures.push(`${file}: no declaration of class ${className} (nor in the chunks it imports)`);
  } else {
    // The class body ends at the first line that is a lone closing brace.
    const end = dts.indexOf('\n}', start);
    const body = dts.slice(start, end === -1 ? undefined : end);
    const internal = body.match(/@internal|^\s*private\s/gm) ?? [];
    const members = body.match(/^ {2}(?:readonly |static |get |#)?[\w#]+[?(:<;]/gm) ?? [];
    console.log(
      `${className} in ${where}: ${members.length} declared members, ` +
        `${internal.length} marked @internal or private`,
    );
    if (internal.length > 0) failures.push(`${className} declares internal members in ${where}`);
  }
}

if (failures.length > 0) {
  for (const f of failures) console.error(`check-pack: ${f}`);
  process.exit(1);
}
