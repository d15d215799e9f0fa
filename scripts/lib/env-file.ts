/** Reads `KEY=VALUE` lines from a .env file (comments, blank lines and optional quotes allowed). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { InputError } from './command.js';

export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  if (statSync(path).isDirectory()) throw new InputError(`${path}: is a folder, not a file`);
  const out: Record<string, string> = {};
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, index) => {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#')) return;
      const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
      // The line itself is not shown: it may hold a credential.
      if (!match) throw new InputError(`${path}:${index + 1}: expected KEY=VALUE`);
      out[match[1]!] = match[2]!.replace(/^(['"])(.*)\1$/, '$2');
    });
  return out;
}
