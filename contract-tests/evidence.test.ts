/**
 * Evidence a reader can follow, and uncertainty visible where users meet it: every `x-evidence` entry is a
 * well-formed mark with a source, and anything resting only on inferred (I), client-code (K) or legacy (L) evidence
 * says so in its own description, which is what the generated types' hover docs and the reference pages show.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isObject } from '../src/core/spec.js';
import { REGISTRY } from '../src/registry.js';
import { ROOT } from '../scripts/lib/apis.js';

const UNCERTAIN = /inferred|seen in (?:public )?client code|client code|legacy|not on the vendor'?s page|assumed|not documented/i;

interface Marked {
  readonly at: string;
  readonly marks: string[];
  readonly description: string | undefined;
}

/** Every node that carries `x-evidence`, with its marks and its own description. */
function markedNodes(node: unknown, at: string, out: Marked[] = []): Marked[] {
  if (Array.isArray(node)) node.forEach((item, i) => markedNodes(item, `${at}/${i}`, out));
  else if (isObject(node)) {
    const evidence = node['x-evidence'];
    if (Array.isArray(evidence)) {
      out.push({
        at,
        marks: evidence.map((e) => (isObject(e) ? String(e['mark']) : '?')),
        description: typeof node['description'] === 'string' ? node['description'] : undefined,
      });
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'x-evidence' && key !== 'examples' && key !== 'example') markedNodes(value, `${at}/${key}`, out);
  }
  return out;
}

describe.each(REGISTRY.map((api) => [api.manifest.id, api.spec] as const))('%s', (id, spec) => {
  const nodes = markedNodes(spec, '#');

  it('marks every piece of evidence C, K, I or L, with a source', () => {
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.filter((n) => n.marks.some((m) => !['C', 'K', 'I', 'L'].includes(m))).map((n) => n.at)).toEqual([]);
  });

  it('says so in the description wherever the evidence is only inferred, client code or legacy', () => {
    const silent = nodes.filter((n) => n.marks.length > 0 && !n.marks.includes('C') && n.description !== undefined && !UNCERTAIN.test(n.description));
    expect(silent.map((n) => `${n.at} [${n.marks.join(',')}]: ${n.description!.slice(0, 80)}`)).toEqual([]);
  });

  it('carries that warning into the generated types (the hover docs)', () => {
    const types = readFileSync(join(ROOT, 'generated', `${id}.ts`), 'utf8');
    const warned = nodes.filter((n) => n.description && !n.marks.includes('C') && UNCERTAIN.test(n.description));
    for (const node of warned.slice(0, 20)) {
      const firstLine = node.description!.split('\n')[0]!.trim().slice(0, 40);
      expect(types, `${node.at}`).toContain(firstLine.replace(/\*\//g, '*\\/'));
    }
  });
});
