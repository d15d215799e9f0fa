/**
 * Reading a JSON file the user hands a tool (a recording, a state file, a spec, a request body) so that a broken
 * one is one line naming the file and the place: `file:line:col: not valid JSON (…)`, or `file:line:col: nested
 * deeper than N levels at $.request.body[0]…`. V8's JSON.parse copes with any depth, but everything that walks
 * the value afterwards (validation, redaction, structuredClone, JSON.stringify) recurses and would overflow the
 * stack; the scan here is iterative, so 100 000 levels are refused, not crashed on.
 */
import { readFileSync } from 'node:fs';
import { InputError } from './command.js';

/** Deeper than any vendor body or spec we know of (they stay under 20), far from what recursion can bear. */
export const MAX_JSON_DEPTH = 256;

export type JsonScan =
  | { readonly kind: 'ok' }
  | { readonly kind: 'syntax'; readonly offset: number; readonly message: string }
  | { readonly kind: 'too-deep'; readonly offset: number; readonly path: string };

interface Frame {
  readonly array: boolean;
  key: string | number;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Where a value starts: its path from the root (keys and indexes) and its character offset. */
export type ValueVisitor = (path: ReadonlyArray<string | number>, offset: number) => void;

/**
 * Checks JSON text without recursion: the first syntax error, or the first place nested deeper than `maxDepth`.
 * `onValue`, when given, is told where every value starts (to point a later problem at its line).
 */
export function scanJson(text: string, maxDepth = MAX_JSON_DEPTH, onValue?: ValueVisitor): JsonScan {
  const stack: Frame[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const syntax = (message: string): JsonScan => ({ kind: 'syntax', offset: i, message });
  /** Reads a string at `i`; returns its end (after the quote) or -1. */
  const stringEnd = (): number => {
    if (text[i] !== '"') return -1;
    let j = i + 1;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 0x22) return j + 1;
      if (c < 0x20) return -1;
      if (c === 0x5c) {
        const next = text[j + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return -1;
          j += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) j += 2;
        else return -1;
      } else j++;
    }
    return -1;
  };
  /** Reads `"key":` at `i` into the top frame. */
  const readKey = (): JsonScan | undefined => {
    skipSpace();
    const end = stringEnd();
    if (end < 0) return syntax(text[i] === '"' ? 'bad string' : 'expected a property name');
    stack[stack.length - 1]!.key = JSON.parse(text.slice(i, end)) as string;
    i = end;
    skipSpace();
    if (text[i] !== ':') return syntax("expected ':'");
    i++;
    return undefined;
  };

  let expectValue = true;
  for (;;) {
    skipSpace();
    if (expectValue) {
      const c = text[i];
      onValue?.(stack.map((f) => f.key), i);
      if (c === '{' || c === '[') {
        if (stack.length >= maxDepth) return { kind: 'too-deep', offset: i, path: jsonPath(stack) };
        const frame: Frame = { array: c === '[', key: 0 };
        stack.push(frame);
        i++;
        skipSpace();
        if (text[i] === (frame.array ? ']' : '}')) {
          i++;
          stack.pop();
          expectValue = false;
          continue;
        }
        if (!frame.array) {
          const problem = readKey();
          if (problem) return problem;
        }
        continue;
      }
      if (c === '"') {
        const end = stringEnd();
        if (end < 0) return syntax('bad string');
        i = end;
      } else if (c !== undefined && (c === '-' || (c >= '0' && c <= '9'))) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return syntax('bad number');
        i = NUMBER.lastIndex;
      } else {
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
        if (!literal) return syntax(c === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(c)}`);
        i += literal.length;
      }
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) return i < text.length ? syntax('unexpected text after the JSON value') : { kind: 'ok' };
    const c = text[i];
    if (c === ',') {
      i++;
      if (top.array) top.key = (top.key as number) + 1;
      else {
        const problem = readKey();
        if (problem) return problem;
      }
      expectValue = true;
    } else if (c === (top.array ? ']' : '}')) {
      i++;
      stack.pop();
    } else return syntax(c === undefined ? 'unexpected end' : `expected ',' or '${top.array ? ']' : '}'}'`);
  }
}

/** `.request.body[0]["a b"]`: a path's segments as they are written after a root. */
export function pathSegments(path: ReadonlyArray<string | number>): string[] {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`));
}

/** `$.request.body[0]["a b"]`, shortened in the middle when long. */
function jsonPath(stack: readonly Frame[]): string {
  const parts = pathSegments(stack.map((f) => f.key));
  const full = `$${parts.join('')}`;
  if (full.length <= 160) return full;
  return `$${parts.slice(0, 12).join('')}…${parts.slice(-4).join('')}`;
}

/** 1-based line:col of a character offset. */
export function lineColAt(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) {
    line++;
    start = at + 1;
  }
  return `${line}:${end - start + 1}`;
}

/** Parses JSON text; throws InputError `file:line:col: …` when it is not JSON or nested deeper than `maxDepth`. */
export function parseJsonText(file: string, text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const scan = scanJson(text, maxDepth);
  if (scan.kind === 'syntax') throw new InputError(`${file}:${lineColAt(text, scan.offset)}: not valid JSON (${scan.message})`);
  if (scan.kind === 'too-deep') throw new InputError(`${file}:${lineColAt(text, scan.offset)}: nested deeper than ${maxDepth} levels at ${scan.path}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // The scan and V8 agree on what JSON is; this is a safety net, not a path we expect.
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** Reads and parses a JSON file; a missing file, a folder or unreadable text is one InputError naming it. */
export function readJsonFile(file: string, shown = file, maxDepth = MAX_JSON_DEPTH): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read (${code ?? (error as Error).message})`;
    throw new InputError(`${shown}: ${why}`);
  }
  return parseJsonText(shown, text, maxDepth);
}
