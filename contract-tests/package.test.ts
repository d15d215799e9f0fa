/**
 * The package as an application gets it: `npm pack` (which builds dist/), then a scratch application outside the
 * repository installs the tarball, first alone (the clients' footprint; every entry point imports, and what needs an
 * optional peer says which `npm install` adds it), then with the tools' optional peers (one of them at another
 * version than this repository pins). There it type-checks, with the strictest compiler options, and runs, under
 * plain `node`, a program that uses every entry point against `startMock()`; a wrongly typed request body must fail
 * to compile; the installed `kyc-contracts` program must run. publint and @arethetypeswrong/cli check the tarball.
 * Installing from a git URL (a bare clone of the committed HEAD) must give a package that was built and imports.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/apis.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const scratch = mkdtempSync(join(tmpdir(), 'kyc-contracts-package-'));
const app = join(scratch, 'app');
let tarball = '';

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function npm(args: string[], cwd: string): string {
  const result = run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], cwd);
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.out}`);
  return result.out;
}

function footprint(dir: string): { packages: number; megabytes: number } {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const size = (path: string): number =>
    readdirSync(path, { withFileTypes: true }).reduce((total, entry) => {
      const child = join(path, entry.name);
      return total + (entry.isDirectory() ? size(child) : entry.isFile() ? statSync(child).size : 0);
    }, 0);
  return { packages: Object.keys(lock.packages).filter((key) => key.startsWith('node_modules/')).length, megabytes: size(join(dir, 'node_modules')) / 1024 / 1024 };
}

beforeAll(() => {
  // The git-URL install (npm clones, installs the dev toolchain and runs `prepare`) takes the longest: it runs in the
  // background while the tarball's tests run, and its test waits for it.
  gitInstall = startGitInstall();
  const out = npm(['pack', '--pack-destination', scratch, '--ignore-scripts=false'], ROOT);
  tarball = join(scratch, `kyc-contracts-${pkg.version}.tgz`);
  expect(out).toContain(`kyc-contracts-${pkg.version}.tgz`);
  cpSync(join(ROOT, 'examples', 'consumer-app.ts'), join(app, 'app.ts'));
  cpSync(join(ROOT, 'examples', 'strict-app.ts'), join(app, 'strict-app.ts'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      // As strict as an application may be: the package's own .d.ts files are checked too (skipLibCheck off).
      compilerOptions: {
        target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true,
        outDir: 'out', skipLibCheck: false, types: ['node'],
      },
      files: ['app.ts', 'strict-app.ts'],
    }),
  );
}, 120_000);

afterAll(async () => {
  await gitInstall; // npm must be done with the scratch folder before it goes
  rmSync(scratch, { recursive: true, force: true });
}, 600_000);

describe('the packed package', () => {
  it('passes publint and @arethetypeswrong/cli', () => {
    const publint = run(process.execPath, [join(ROOT, 'node_modules', 'publint', 'src', 'cli.js'), tarball, '--strict'], ROOT);
    expect(publint.out).toContain('All good');
    expect(publint.status).toBe(0);
    // ESM only, on purpose: CommonJS resolution modes are out of scope.
    const attw = run(process.execPath, [join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'), tarball, '--profile', 'esm-only'], ROOT);
    expect(attw.status, attw.out).toBe(0);
  }, 120_000);

  it('ships the library, the tools and the specs, and no tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/dist/src/index.js');
    expect(files).toContain('package/dist/src/index.d.ts');
    expect(files).toContain('package/dist/scripts/bin.js');
    expect(files).toContain('package/generated/kycaid.openapi.json');
    expect(files.filter((f) => /\.test\.|contract-tests\/|\/examples\//.test(f))).toEqual([]);
  });

  it('installs the clients with openapi-fetch and nothing more', () => {
    npm(['install', tarball], app);
    const { packages, megabytes } = footprint(app);
    console.log(`footprint, clients only: ${packages} packages, ${megabytes.toFixed(1)} MB`);
    expect(readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.')).sort()).toEqual(['kyc-contracts', 'openapi-fetch', 'openapi-typescript-helpers']);
    // A tool whose toolchain is not installed says the one command that installs it.
    const drift = run('npx', ['--no-install', 'kyc-contracts', 'drift'], app);
    expect(drift.status).toBe(2);
    expect(drift.out).toContain(
      `npm install --save-dev @redocly/openapi-core@${pkg.peerDependencies['@redocly/openapi-core']} ajv@${pkg.peerDependencies['ajv']} ajv-formats@${newest('ajv-formats')}`,
    );
  }, 120_000);

  it('imports every entry point without the optional peers; what needs one names the npm install that adds it', () => {
    cpSync(join(ROOT, 'contract-tests', 'recordings', 'erd', 'retrieveErd.debtor.json'), join(app, 'recordings', 'erd', 'retrieveErd.debtor.json'));
    writeFileSync(join(app, 'no-peers.mjs'), NO_PEERS_PROGRAM);
    const ran = run(process.execPath, ['no-peers.mjs'], app);
    expect(ran.status, ran.out).toBe(0);
    const said = JSON.parse(ran.out.trim().split('\n').at(-1)!) as Record<string, unknown>;
    for (const entry of ENTRY_POINTS) expect(said[entry], entry).toEqual(expect.any(Number));
    expect(said['validateResponses']).toMatch(/^MissingDependencyError: .*validateResponses needs ajv and ajv-formats, which are not installed: npm install ajv ajv-formats$/);
    const prism = ['@stoplight/prism-core', '@stoplight/prism-http', '@stoplight/prism-http-server'];
    // The mock loads Prism, and ajv for its control API's request bodies.
    const mockNeeds = [...prism, 'ajv', 'ajv-formats'];
    expect(said['startMock']).toBe(`MissingDependencyError: The mock needs ${mockNeeds.join(', ')}, which are not installed. Install with:\n  npm install --save-dev ${mockNeeds.map((p) => `${p}@${newest(p)}`).join(' ')}`);
    expect(said['loadRecordingsFrom']).toBe(`MissingDependencyError: Reading recordings needs ajv, which is not installed. Install with:\n  npm install --save-dev ajv@${newest('ajv')}`);
  }, 60_000);

  it('type-checks and runs an application using every entry point against startMock(), under plain node', () => {
    // ajv at a version of its own, as an app that pinned it earlier has: the peer ranges must accept it (no ERESOLVE).
    const peers = ['@stoplight/prism-core', '@stoplight/prism-http', '@stoplight/prism-http-server', '@redocly/openapi-core', 'ajv-formats'];
    npm(['install', '--save-dev', 'ajv@8.17.1', ...peers.map((p) => `${p}@${pkg.peerDependencies[p]}`), `typescript@${pkg.devDependencies['typescript']}`, `@types/node@${pkg.devDependencies['@types/node']}`], app);
    const { packages, megabytes } = footprint(app);
    console.log(`footprint, with the mock's and drift's toolchain (and typescript): ${packages} packages, ${megabytes.toFixed(1)} MB`);
    const tsc = run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app);
    expect(tsc.out).toBe('');
    expect(tsc.status).toBe(0);
    const started = run(process.execPath, ['out/app.js'], app);
    expect(started.status, started.out).toBe(0);
    const expected = { erd: 'RECEIVED', kycaid: true, bank131: 'request_not_found', brainysoft: 'ok', helpers: 'function,function,function' };
    expect(JSON.parse(started.out.trim().split('\n').at(-1)!)).toEqual(expected);
    // Other Node versions (.ci/run installs Node 22 and 24 from the npm registry and lists them here).
    for (const node of (process.env['KYC_EXTRA_NODES'] ?? '').split(':').filter(Boolean)) {
      const other = run(node, ['out/app.js'], app);
      expect(other.status, `${node}: ${other.out}`).toBe(0);
      expect(JSON.parse(other.out.trim().split('\n').at(-1)!), node).toEqual(expected);
      console.log(`ran the application under ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}`);
    }
  }, 240_000);

  it("serves /docs without @redocly/cli as a 503 naming the npm install that adds it", () => {
    writeFileSync(
      join(app, 'docs-page.mjs'),
      "import { startMock } from 'kyc-contracts/testing';\nconst mock = await startMock();\ntry {\n  const page = await fetch(`${mock.allUrl}/docs/`);\n  console.log(JSON.stringify({ status: page.status, text: await page.text() }));\n} finally {\n  await mock.stop();\n}\n",
    );
    const ran = run(process.execPath, ['docs-page.mjs'], app);
    expect(ran.status, ran.out).toBe(0);
    const page = JSON.parse(ran.out.trim().split('\n').at(-1)!) as { status: number; text: string };
    expect(page.status).toBe(503);
    expect(page.text).toContain(`npm install --save-dev @redocly/cli@${newest('@redocly/cli')}`);
  }, 60_000);

  it('rejects a wrongly typed request body at compile time, in the application', () => {
    writeFileSync(
      join(app, 'bad.ts'),
      "import { createErdClient } from 'kyc-contracts';\nconst erd = createErdClient({ apiKey: 'example' });\nawait erd.retrieveErd({ body: { iin: 10203040506 } });\n",
    );
    const tsc = run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--skipLibCheck', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2023', 'bad.ts'], app);
    expect(tsc.status).not.toBe(0);
    expect(tsc.out).toMatch(/bad\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });

  it('runs the installed kyc-contracts program', () => {
    const help = run('npx', ['--no-install', 'kyc-contracts', 'mock', '--help'], app);
    expect(help.status).toBe(0);
    expect(help.out).toContain('Usage: kyc-contracts mock');
    const unknown = run('npx', ['--no-install', 'kyc-contracts', 'frobnicate'], app);
    expect(unknown.status).toBe(2);
    expect(unknown.out).toContain('unknown command "frobnicate"');
  });
});

const gitApp = join(scratch, 'git-app');
let gitInstall: Promise<{ status: number | null; out: string }>;

/** `npm install git+file://<bare clone of the committed HEAD>#<commit>` in a scratch app, in the background. */
function startGitInstall(): Promise<{ status: number | null; out: string }> {
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const repo = join(scratch, 'kyc-contracts.git');
  execFileSync('git', ['clone', '--quiet', '--bare', '--no-local', ROOT, repo]);
  mkdirSync(gitApp);
  writeFileSync(join(gitApp, 'package.json'), JSON.stringify({ name: 'scratch-git-app', private: true, type: 'module' }));
  // Output to a file, not a pipe: the other tests block this process (spawnSync) while npm writes.
  const log = join(scratch, 'git-install.log');
  const fd = openSync(log, 'w');
  const child = spawn('npm', ['install', `git+file://${repo}#${head}`, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: gitApp, stdio: ['ignore', fd, fd], env: { ...process.env, NO_COLOR: '1' } });
  return new Promise((resolve) => {
    const done = (status: number | null) => {
      closeSync(fd);
      resolve({ status, out: readFileSync(log, 'utf8') });
    };
    child.once('error', () => done(-1));
    child.once('close', (code) => done(code));
  });
}

describe('installed from a git URL', () => {
  // npm builds a git dependency with its `prepare` script (not `prepack`): the committed HEAD, cloned bare.
  it('gives a built package that imports', async () => {
    const installing = await gitInstall;
    expect(installing.status, installing.out).toBe(0);
    const installed = join(gitApp, 'node_modules', 'kyc-contracts');
    expect(existsSync(join(installed, 'dist', 'src', 'index.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'scripts', 'testing', 'index.js'))).toBe(true);
    const imported = run(process.execPath, ['--input-type=module', '-e', "const m = await import('kyc-contracts'); const t = await import('kyc-contracts/testing'); console.log(typeof m.createErdClient, typeof t.startMock);"], gitApp);
    expect(imported.out.trim()).toBe('function function');
    expect(imported.status).toBe(0);
  }, 600_000);
});

const ENTRY_POINTS = ['kyc-contracts', 'kyc-contracts/erd', 'kyc-contracts/kycaid', 'kyc-contracts/bank131', 'kyc-contracts/brainysoft', 'kyc-contracts/biometric', 'kyc-contracts/core', 'kyc-contracts/testing'];

/** The newest alternative of a peer range: what the install lines name. */
function newest(peer: string): string {
  return pkg.peerDependencies[peer]!.split('||').at(-1)!.trim();
}

/** Imports every entry point, then uses each thing that needs an optional peer; prints what each did, as JSON. */
const NO_PEERS_PROGRAM = `
const said = {};
const outcome = async (use) => {
  try {
    await use();
    return 'no error';
  } catch (error) {
    return \`\${error.name}: \${error.message}\`;
  }
};
for (const entry of ${JSON.stringify(ENTRY_POINTS)}) said[entry] = await import(entry).then((m) => Object.keys(m).length, (error) => \`\${error.code ?? error.name}: \${error.message}\`);
const { createErdClient } = await import('kyc-contracts');
const { startLoopbackServer, startMock, loadRecordingsFrom } = await import('kyc-contracts/testing');
const server = await startLoopbackServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"RECEIVED","result_json":[]}' }));
try {
  const erd = createErdClient({ apiKey: 'example-erd-backend-api-key-0000000000000000000000', baseUrl: server.url, validateResponses: true });
  said.validateResponses = await outcome(() => erd.retrieveErd({ body: { iin: '010203040506' } }));
  said.startMock = await outcome(() => startMock());
  said.loadRecordingsFrom = await outcome(() => loadRecordingsFrom('recordings', 'erd'));
} finally {
  await server.close();
}
console.log(JSON.stringify(said));
`;

/**
 * Your own specs (docs/own-specs.md), as a user does it: overlays and a kyc-contracts.config.json in an application
 * whose node_modules is read-only; `kyc-contracts generate` writes typed clients into the app; the mock, drift and
 * `validateResponses` follow the overlaid specs; nothing is written inside the installed package.
 */
describe('your own specs, in an application with a read-only node_modules', () => {
  const own = join(scratch, 'own-specs-app');
  const installed = join(own, 'node_modules', 'kyc-contracts');
  const tsc = (args: string[]) => run(process.execPath, [join(own, 'node_modules', 'typescript', 'bin', 'tsc'), ...args], own);
  const kycContracts = (args: string[]) => run('npx', ['--no-install', 'kyc-contracts', ...args], own);
  let installedBefore = '';

  /** Every file and folder of a tree with its size and modification time. */
  const listing = (dir: string): string =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        const stat = statSync(path);
        return `${path.slice(dir.length)} ${stat.size} ${stat.mtimeMs}`;
      })
      .sort()
      .join('\n');

  beforeAll(() => {
    mkdirSync(join(own, 'overlays'), { recursive: true });
    writeFileSync(join(own, 'package.json'), JSON.stringify({ name: 'own-specs-app', private: true, type: 'module' }));
    for (const name of ['erd.yaml', 'brainysoft.yaml']) cpSync(join(ROOT, 'examples', 'own-specs', 'overlays', name), join(own, 'overlays', name));
    writeFileSync(join(own, 'kyc-contracts.config.json'), JSON.stringify({ overlays: { erd: ['overlays/erd.yaml'], brainysoft: ['overlays/brainysoft.yaml'] }, out: 'src/kyc' }));
    writeFileSync(join(own, 'bare.config.json'), JSON.stringify({ out: 'src/kyc' }));
    writeFileSync(
      join(own, 'overlays', 'stale.yaml'),
      'overlay: 1.0.0\ninfo: { title: stale, version: 1.0.0 }\nactions:\n  - target: $.components.schemas.ErdRetrieveResponseV2.properties\n    update: { risk_score: { type: number } }\n',
    );
    writeFileSync(join(own, 'stale.config.json'), JSON.stringify({ overlays: { erd: ['overlays/stale.yaml'] }, out: 'src/kyc' }));
    const peers = ['@stoplight/prism-core', '@stoplight/prism-http', '@stoplight/prism-http-server', '@redocly/openapi-core', 'ajv', 'ajv-formats', 'openapi-typescript', 'openapi-format'];
    npm(['install', tarball], own);
    npm(['install', '--save-dev', ...peers.map((p) => `${p}@${pkg.peerDependencies[p]}`), `typescript@${pkg.devDependencies['typescript']}`, `@types/node@${pkg.devDependencies['@types/node']}`], own);
    execFileSync('chmod', ['-R', 'a-w', installed]);
    installedBefore = listing(installed);
    writeFileSync(
      join(own, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', skipLibCheck: false, types: ['node'] }, files: ['app.ts'] }),
    );
  }, 300_000);

  // Writable again, then gone: the file's own clean-up has the other application to remove in its time.
  afterAll(() => {
    execFileSync('chmod', ['-R', 'u+w', installed]);
    rmSync(own, { recursive: true, force: true });
  }, 300_000);

  it('generates typed clients from the overlaid specs into the app’s "out"', () => {
    const generated = kycContracts(['generate', 'erd', 'brainysoft']);
    expect(generated.status, generated.out).toBe(0);
    expect(generated.out).toContain('10 file(s) written to src/kyc');
    expect(readFileSync(join(own, 'src', 'kyc', 'brainysoft.ts'), 'utf8')).toContain('export const BRAINYSOFT_BASE_URL = "https://core.acme-lending.example/bs-core"');
    const check = kycContracts(['generate', '--check', 'erd', 'brainysoft']);
    expect(check.status, check.out).toBe(0);
  }, 120_000);

  it('type-checks the added fields, and runs them against startMock() serving the overlaid specs', () => {
    writeFileSync(
      join(own, 'app.ts'),
      `import { startMock } from 'kyc-contracts/testing';
import { BRAINYSOFT_BASE_URL, type BrainysoftComponents, createBrainysoftClient } from './src/kyc/brainysoft.js';
import { createErdClient } from './src/kyc/erd.js';

const mock = await startMock({ apis: ['erd', 'brainysoft'] });
try {
  const erd = createErdClient({ apiKey: 'example-erd-backend-api-key-0000000000000000000000', baseUrl: mock.urls['erd']!, validateResponses: true });
  const answer = await erd.retrieveErd({ body: { iin: '010203040506', purpose: 'onboarding' } });
  const score: number | undefined = answer.risk_score;
  const field: BrainysoftComponents['schemas']['ExtraField'] = { key: 'client.source', value: 'web', section: 'contacts' };
  const deployment = createBrainysoftClient({ token: 'example-brainysoft-bsauth-token' });
  const template = await createBrainysoftClient({ token: 'example-brainysoft-bsauth-token', baseUrl: mock.urls['brainysoft']! }).initClientUsingGET();
  console.log(JSON.stringify({ erd: answer.status, score: score ?? null, section: field.section, baseUrl: deployment.baseUrl, server: BRAINYSOFT_BASE_URL, brainysoft: template.status }));
} finally {
  await mock.stop();
}
`,
    );
    const compiled = tsc(['-p', '.']);
    expect(compiled.out).toBe('');
    expect(compiled.status).toBe(0);
    const ran = run(process.execPath, ['out/app.js'], own);
    expect(ran.status, ran.out).toBe(0);
    expect(JSON.parse(ran.out.trim().split('\n').at(-1)!)).toEqual({
      erd: 'RECEIVED',
      score: null,
      section: 'contacts',
      baseUrl: 'https://core.acme-lending.example/bs-core',
      server: 'https://core.acme-lending.example/bs-core',
      brainysoft: 'ok',
    });
    // The mock's operations cache is the app's own.
    expect(readdirSync(join(own, 'node_modules', '.cache', 'kyc-contracts', 'mock')).some((name) => name.startsWith('erd-'))).toBe(true);
  }, 120_000);

  it('rejects a misspelt added field at compile time (ERD request and response, BrainySoft extra field)', () => {
    writeFileSync(
      join(own, 'bad.ts'),
      "import { createErdClient } from './src/kyc/erd.js';\nconst erd = createErdClient({ apiKey: 'example' });\nconst answer = await erd.retrieveErd({ body: { iin: '010203040506', purpse: 'x' } });\nconsole.log(answer.risk_scroe);\n" +
        "import type { BrainysoftComponents } from './src/kyc/brainysoft.js';\nexport const field: BrainysoftComponents['schemas']['ExtraField'] = { key: 'client.source', secton: 'contacts' };\n",
    );
    const compiled = tsc(['--noEmit', '--strict', '--skipLibCheck', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2023', 'bad.ts']);
    expect(compiled.status).not.toBe(0);
    expect(compiled.out).toMatch(/bad\.ts\(3,\d+\): error TS2561: Object literal may only specify known properties, but 'purpse' does not exist[^]*Did you mean to write 'purpose'\?/);
    expect(compiled.out).toMatch(/bad\.ts\(4,\d+\): error TS2551: Property 'risk_scroe' does not exist[^]*Did you mean 'risk_score'\?/);
    expect(compiled.out).toMatch(/bad\.ts\(6,\d+\): error TS2561: [^]*'secton' does not exist[^]*Did you mean to write 'section'\?/);
  });

  it('drift accepts a recording with the added response field, and flags it without the overlay', () => {
    const recording = JSON.parse(readFileSync(join(ROOT, 'contract-tests', 'recordings', 'erd', 'retrieveErd.debtor.json'), 'utf8')) as { response: { body: Record<string, unknown> } };
    recording.response.body['risk_score'] = 42;
    mkdirSync(join(own, 'recordings', 'erd'), { recursive: true });
    writeFileSync(join(own, 'recordings', 'erd', 'retrieveErd.ours.json'), JSON.stringify(recording, null, 2));
    const overlaid = kycContracts(['drift', '--recordings', 'recordings', 'erd']);
    expect(overlaid.status, overlaid.out).toBe(0);
    const bare = kycContracts(['drift', '--recordings', 'recordings', '--config', 'bare.config.json', 'erd']);
    expect(bare.status, bare.out).toBe(1);
    expect(bare.out).toMatch(/DRIFT.*risk_score/);
  }, 120_000);

  it('fails generate with exit 2 naming the action whose target matches nothing', () => {
    const stale = kycContracts(['generate', '--config', 'stale.config.json', 'erd']);
    expect(stale.status).toBe(2);
    expect(stale.out).toContain("overlays/stale.yaml: action 0 (/actions/0) target $.components.schemas.ErdRetrieveResponseV2.properties matches nothing in erd's spec");
  }, 60_000);

  it('wrote nothing inside node_modules/kyc-contracts', () => {
    expect(listing(installed)).toBe(installedBefore);
  });
});
