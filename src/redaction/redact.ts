/**
 * Redaction of recorded exchanges, driven by one declarative rule set per API (src/<api>/redaction.ts):
 * credentials become `<redacted>`, personal data becomes shape-keeping fakes (see ./fakes.ts), the same real
 * value mapping to the same fake everywhere in the recording. Fakes replace whole values and are never rewritten
 * afterwards. Idempotent: fakes and placeholders are left alone. On top of the named rules, value detectors
 * (./detectors.ts: IIN/BIN, INN, passport, phone, e-mail) and the rules' own value `patterns` catch personal data
 * wherever it sits. The properties it must keep are tested on random exchanges in ./redact.property.test.ts.
 */
import { detectPersonalNumber, detectPersonalValues } from './detectors.js';
import { FAKE_KINDS, type FakeKind, fakeNumber, fakeValue, isFake, isFakeNumber } from './fakes.js';

export const REDACTED = '<redacted>';

export interface RedactionRules {
  readonly api: string;
  /** Header names (lower case) whose values are credentials, in requests and responses. */
  readonly credentialHeaders: readonly string[];
  /**
   * Query parameter names that carry credentials. (Other query parameters are held against `credentialFields` and
   * `personalData` like top-level body fields of the same name.)
   */
  readonly credentialQuery?: readonly string[];
  /** Body paths that carry credentials or signatures (see `matchesPath` for the syntax). */
  readonly credentialFields: readonly string[];
  /** Body paths that carry personal data, with the kind of fake that replaces them. */
  readonly personalData: ReadonlyArray<{ readonly path: string; readonly kind: FakeKind }>;
  /** Values the vendor's own documentation uses as obviously fake placeholders: kept as they are. */
  readonly documentedPlaceholders?: readonly string[];
  /** Regular expressions (source text) matched against whole string values anywhere: a match is personal data. */
  readonly patterns?: readonly RedactionPattern[];
}

export interface RedactionPattern {
  /** A JavaScript regular expression's source, matched against a whole value (`^(?:…)$` is implied). */
  readonly pattern: string;
  readonly kind: FakeKind;
}

/**
 * Rules a user adds to an API's own (from kyc-contracts.config.json, see docs/own-specs.md): the fields of
 * `RedactionRules`, each optional. Plain JSON: strings, arrays and objects only.
 */
export interface RedactionAdditions {
  /** Header names whose values are credentials (any case). */
  readonly credentialHeaders?: readonly string[];
  /** Query parameter names whose values are credentials. */
  readonly credentialQuery?: readonly string[];
  /** Body paths whose values are credentials (`api_key`, `**.token`, `items[].secret`). */
  readonly credentialFields?: readonly string[];
  /** Body paths whose values are personal data, with the kind of fake that replaces them. */
  readonly personalData?: readonly PersonalDataRule[];
  /** Value patterns: a string value matching one as a whole is personal data of that kind. */
  readonly patterns?: readonly RedactionPattern[];
}

export interface PersonalDataRule {
  readonly path: string;
  readonly kind: FakeKind;
}

/** `pattern` compiled to match whole values; a TypeError naming `where` when it is no regular expression. */
function compilePattern(pattern: unknown, where: string): RegExp {
  if (typeof pattern !== 'string' || pattern === '') throw new TypeError(`${where}.pattern must be a non-empty string`);
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new TypeError(`${where}.pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
  }
  return new RegExp(`^(?:${pattern})$`);
}

function checkKind(kind: unknown, where: string): FakeKind {
  if (typeof kind !== 'string' || !(FAKE_KINDS as readonly string[]).includes(kind)) {
    throw new TypeError(`${where}.kind must be one of ${FAKE_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
  return kind as FakeKind;
}

function stringList(list: unknown, where: string): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new TypeError(`${where} must be an array of strings`);
  return list.map((item, i) => {
    if (typeof item !== 'string' || item === '') throw new TypeError(`${where}[${i}] must be a non-empty string, got ${JSON.stringify(item)}`);
    return item;
  });
}

function entryList(list: unknown, where: string): Array<Record<string, unknown>> {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new TypeError(`${where} must be an array`);
  return list.map((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new TypeError(`${where}[${i}] must be an object`);
    return item as Record<string, unknown>;
  });
}

const ADDITION_KEYS = new Set(['credentialHeaders', 'credentialQuery', 'credentialFields', 'personalData', 'patterns']);

/**
 * `base` with a user's additions: their credentials and value patterns on top of the API's own, their personal-data
 * paths first (so that a path they name wins over a built-in rule for the same field). Throws a TypeError naming
 * the entry (`redaction.kycaid.patterns[1].pattern …`) for anything malformed, a regular expression that does not
 * compile included. `where` prefixes those names.
 */
export function extendRedactionRules(base: RedactionRules, additions: RedactionAdditions, where = `redaction.${base.api}`): RedactionRules {
  if (!additions || typeof additions !== 'object' || Array.isArray(additions)) throw new TypeError(`${where} must be an object`);
  for (const key of Object.keys(additions)) if (!ADDITION_KEYS.has(key)) throw new TypeError(`${where}.${key} is not a redaction rule (${[...ADDITION_KEYS].join(', ')})`);
  const personalData = entryList(additions.personalData, `${where}.personalData`).map((entry, i) => {
    const at = `${where}.personalData[${i}]`;
    if (typeof entry['path'] !== 'string' || entry['path'] === '') throw new TypeError(`${at}.path must be a non-empty string`);
    return { path: entry['path'], kind: checkKind(entry['kind'], at) };
  });
  const patterns = entryList(additions.patterns, `${where}.patterns`).map((entry, i) => {
    const at = `${where}.patterns[${i}]`;
    compilePattern(entry['pattern'], at);
    return { pattern: entry['pattern'] as string, kind: checkKind(entry['kind'], at) };
  });
  const union = (a: readonly string[] | undefined, b: readonly string[]) => [...new Set([...(a ?? []), ...b])];
  return {
    ...base,
    credentialHeaders: union(base.credentialHeaders, stringList(additions.credentialHeaders, `${where}.credentialHeaders`).map((h) => h.toLowerCase())),
    credentialQuery: union(base.credentialQuery, stringList(additions.credentialQuery, `${where}.credentialQuery`)),
    credentialFields: union(base.credentialFields, stringList(additions.credentialFields, `${where}.credentialFields`)),
    personalData: [...personalData, ...base.personalData],
    patterns: [...(base.patterns ?? []), ...patterns],
  };
}

/** The parts of a recording that redaction reads and rewrites. */
export interface RedactableExchange {
  request: {
    path: string;
    query?: Record<string, string | number | boolean>;
    headers?: Record<string, string>;
    body?: unknown;
    bodyText?: string;
  };
  response: { headers?: Record<string, string>; body?: unknown; bodyText?: string };
}

/**
 * Path syntax, relative to a JSON body: `api_key`, `data.participant.reference`, `result_json[].debtor_iin`;
 * `*` is any one key, `**` any depth (`**.email`).
 */
export function matchesPath(pattern: string, path: readonly string[]): boolean {
  const want = pattern.replace(/\[\]/g, '.[]').split('.').filter(Boolean);
  const match = (i: number, j: number): boolean => {
    if (i === want.length) return j === path.length;
    const segment = want[i]!;
    if (segment === '**') return match(i + 1, j) || (j < path.length && match(i, j + 1));
    if (j === path.length) return false;
    if (segment === '*' || segment === path[j]) return match(i + 1, j + 1);
    return false;
  };
  return match(0, 0);
}

/** The fields of a recording that describe it rather than the exchange: never personal data. */
const RECORDING_METADATA = new Set(['operationId', 'source', 'sourceUrl', 'recordedAt']);

export class Redactor {
  /** Real personal value → its fake, for the whole recording (and for every exchange this redactor sees). */
  private readonly fakes = new Map<string, string>();
  /** Real personal number (as text) → its numeric fake. */
  private readonly numberFakes = new Map<string, number>();
  /** Every fake handed out, and every value a personal field already held as a fake or placeholder. */
  private readonly keep = new Set<string>([REDACTED]);
  private readonly secrets = new Set<string>();
  private readonly placeholders: Set<string>;
  private readonly patterns: ReadonlyArray<{ readonly re: RegExp; readonly kind: FakeKind }>;

  constructor(
    private readonly rules: RedactionRules,
    /** Credentials known to the caller (the recorder's own keys): removed wherever they appear. */
    knownSecrets: readonly string[] = [],
  ) {
    for (const secret of knownSecrets) this.addSecret(secret);
    this.placeholders = new Set(rules.documentedPlaceholders ?? []);
    this.patterns = compiledPatterns(rules);
  }

  redact<T extends RedactableExchange>(exchange: T): T {
    const out = structuredClone(exchange);
    if (out.request.headers) out.request.headers = this.redactHeaders(out.request.headers);
    if (out.response.headers) out.response.headers = this.redactHeaders(out.response.headers);
    if (out.request.query) {
      // A query parameter is held against the rules like a top-level body field of the same name.
      for (const [name, value] of Object.entries(out.request.query)) {
        if (this.rules.credentialQuery?.includes(name)) {
          this.addSecret(String(value));
          out.request.query[name] = REDACTED;
        } else if (typeof value !== 'boolean') {
          out.request.query[name] = this.redactBody(value, [name]) as string | number;
        }
      }
    }
    if (out.request.body !== undefined) out.request.body = this.redactBody(out.request.body, []);
    if (out.response.body !== undefined) out.response.body = this.redactBody(out.response.body, []);
    // Then personal data that no named rule covers, found by what it looks like, anywhere in the recording but its
    // own metadata (a date pattern must not fake `recordedAt`).
    for (const [key, part] of Object.entries(out)) if (!RECORDING_METADATA.has(key)) this.detect(part);
    // Last, a sweep over every string (and key): a secret or a personal value echoed anywhere else (a text body,
    // a URL, raw or percent-encoded, an error message) is replaced too.
    return this.sweep(out, this.sweeper()) as T;
  }

  private addSecret(value: string): void {
    if (value && !value.includes(REDACTED) && value.length >= 6) this.secrets.add(value);
  }

  private redactHeaders(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [rawName, value] of Object.entries(headers)) {
      const name = rawName.toLowerCase();
      if (this.rules.credentialHeaders.includes(name) || name === 'cookie' || name === 'set-cookie') {
        const scheme = /^(Token|Bearer|Basic)\s+(.+)$/i.exec(value);
        if (scheme) this.addSecret(scheme[2]!);
        if (scheme && /^basic$/i.test(scheme[1]!)) {
          // user:password: the password may be echoed on its own.
          const decoded = Buffer.from(scheme[2]!, 'base64').toString('utf8');
          const colon = decoded.indexOf(':');
          if (colon >= 0) this.addSecret(decoded.slice(colon + 1));
        }
        if (name === 'cookie' || name === 'set-cookie') {
          // `a=1; b=2` (Cookie), `a=1; Path=/; HttpOnly` (Set-Cookie: only the first pair is the cookie).
          const pairs = value.split(';');
          for (const pair of name === 'cookie' ? pairs : pairs.slice(0, 1)) this.addSecret(pair.slice(pair.indexOf('=') + 1).trim());
        }
        this.addSecret(value);
        out[name] = value === REDACTED || value.endsWith(` ${REDACTED}`) ? value : scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
      } else {
        out[name] = value;
      }
    }
    return out;
  }

  private redactBody(value: unknown, path: string[]): unknown {
    if (Array.isArray(value)) return value.map((item) => this.redactBody(item, [...path, '[]']));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, this.redactBody(child, [...path, key])]));
    }
    if (typeof value !== 'string' && typeof value !== 'number') return value;
    if (this.rules.credentialFields.some((pattern) => matchesPath(pattern, path))) {
      this.addSecret(String(value));
      return REDACTED;
    }
    const rule = this.rules.personalData.find((r) => matchesPath(r.path, path));
    if (!rule) return value;
    if (typeof value === 'number') {
      const fake = this.fakeNumberFor(rule.kind, value);
      if (fake !== undefined) return fake;
    }
    return this.fakeFor(rule.kind, String(value));
  }

  /**
   * Learns every personal value the detectors and the rules' patterns find in the strings (and keys) and numbers of
   * `value`, handing each a fake: the sweep then replaces it wherever it appears, in every spelling. Fakes,
   * placeholders and what is already redacted are skipped.
   */
  private detect(value: unknown): void {
    if (typeof value === 'string') {
      if (this.keep.has(value) || this.placeholders.has(value)) return;
      const pattern = this.patterns.find((p) => p.re.test(value));
      if (pattern) this.fakeFor(pattern.kind, value);
      for (const found of detectPersonalValues(value)) if (!this.placeholders.has(found.value) && !this.keep.has(found.value)) this.fakeFor(found.kind, found.value);
    } else if (typeof value === 'number') {
      const text = String(value);
      if (this.placeholders.has(text) || this.keep.has(text)) return;
      const pattern = this.patterns.find((p) => p.re.test(text));
      const kind = pattern ? pattern.kind : detectPersonalNumber(value)?.kind;
      if (kind && !isFakeNumber(kind, value)) this.fakeNumberFor(kind, value) ?? this.fakeNumberFor('digits', value);
    } else if (Array.isArray(value)) {
      for (const item of value) this.detect(item);
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        this.detect(key);
        this.detect(child);
      }
    }
  }

  /** The fake for a whole value. Fakes and placeholders are kept as they are, and remembered as such. */
  private fakeFor(kind: FakeKind, real: string): string {
    if (this.placeholders.has(real) || isFake(kind, real)) {
      this.keep.add(real);
      return real;
    }
    const known = this.fakes.get(real);
    if (known !== undefined) return known;
    let fake = fakeValue(kind, real);
    // Two real values must not share a fake, or relations between them would be invented.
    // (The salt changes the hash only: salting the value itself once left `#3` inside a phone's fake.)
    for (let n = 1; this.keep.has(fake) && n < 100; n++) fake = fakeValue(kind, real, `#${n}`);
    this.fakes.set(real, fake);
    this.keep.add(fake);
    return fake;
  }

  private fakeNumberFor(kind: FakeKind, real: number): number | undefined {
    if (this.placeholders.has(String(real)) || isFakeNumber(kind, real)) return real;
    const known = this.numberFakes.get(String(real));
    if (known !== undefined) return known;
    let fake = fakeNumber(kind, real);
    if (fake === undefined) return undefined;
    const taken = new Set(this.numberFakes.values());
    for (let n = 1; taken.has(fake) && n < 100; n++) fake = fakeNumber(kind, real, `#${n}`)!;
    this.numberFakes.set(String(real), fake);
    // Echoed as text elsewhere, the number becomes the same fake.
    if (!this.fakes.has(String(real))) this.fakes.set(String(real), String(fake));
    this.keep.add(String(fake));
    return fake;
  }

  /**
   * What the sweep does to one string. Secrets go first, wherever they are. Then a string that is, as a whole, a
   * real personal value becomes its fake; one that is a fake or a placeholder stays exactly as it is (the sweep
   * never rewrites part of a fake: `г. Москва, ул. Тестовая, д. 0` stays whole even when `г. Москва` is real
   * elsewhere); anything else has each real value it contains replaced, raw or percent-encoded, in one pass, so
   * that a fake just put in is never searched again.
   */
  private sweeper(): (text: string) => string {
    const secretSpellings = new Map<string, string>();
    for (const secret of this.secrets) for (const spelling of spellings(secret)) secretSpellings.set(spelling, REDACTED);
    const personal = new Map<string, string>();
    for (const [real, fake] of this.fakes) {
      if (real.length < 4) continue;
      personal.set(real, fake);
      personal.set(encodeURIComponent(real), encodeURIComponent(fake));
      personal.set(formEncode(real), formEncode(fake));
    }
    const secretPattern = alternation(secretSpellings.keys());
    const personalPattern = alternation(personal.keys());
    return (text) => {
      const out = secretPattern ? text.replace(secretPattern, () => REDACTED) : text;
      const whole = this.fakes.get(out);
      if (whole !== undefined && out.length >= 4) return whole;
      if (this.keep.has(out) || !personalPattern) return out;
      return out.replace(personalPattern, (found) => personal.get(found)!);
    };
  }

  private sweep(value: unknown, sweepString: (text: string) => string): unknown {
    if (typeof value === 'string') return sweepString(value);
    if (typeof value === 'number') {
      const text = String(value);
      if (this.secrets.has(text)) return REDACTED;
      const fake = text.length >= 4 ? this.numberFakes.get(text) ?? this.fakes.get(text) : undefined;
      if (fake === undefined) return value;
      if (typeof fake === 'number') return fake;
      if (String(Number(fake)) === fake) return Number(fake);
      // The echo of a text value whose fake is no number (`3692` → `0009`): a number fake of its own keeps the
      // body's types. Only a value no number fake can stand for (a fraction) becomes the text fake.
      return this.fakeNumberFor('digits', value) ?? fake;
    }
    if (Array.isArray(value)) return value.map((v) => this.sweep(v, sweepString));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [sweepString(k), this.sweep(v, sweepString)]));
    }
    return value;
  }
}

/** The spellings under which a value can hide in a recording: as is, percent-encoded, form-encoded. */
function spellings(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), formEncode(value)])];
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** One regular expression matching any of `literals`, the longest first where several start at one place. */
function alternation(literals: Iterable<string>): RegExp | undefined {
  const sorted = [...literals].filter(Boolean).sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return undefined;
  return new RegExp(sorted.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

function compiledPatterns(rules: RedactionRules): Array<{ re: RegExp; kind: FakeKind }> {
  return (rules.patterns ?? []).map((p, i) => ({ re: compilePattern(p.pattern, `redaction.${rules.api}.patterns[${i}]`), kind: checkKind(p.kind, `redaction.${rules.api}.patterns[${i}]`) }));
}

export function redactExchange<T extends RedactableExchange>(exchange: T, rules: RedactionRules, knownSecrets: readonly string[] = []): T {
  return new Redactor(rules, knownSecrets).redact(exchange);
}

/**
 * What in a recording still looks like a credential or real personal data, one line per problem.
 * The committed-recordings test fails CI on any.
 */
export function scanExchange(exchange: RedactableExchange, rules: RedactionRules): string[] {
  const problems: string[] = [];
  const placeholders = new Set(rules.documentedPlaceholders ?? []);
  for (const [where, headers] of [['request', exchange.request.headers], ['response', exchange.response.headers]] as const) {
    for (const [name, value] of Object.entries(headers ?? {})) {
      if ((rules.credentialHeaders.includes(name) || name === 'cookie' || name === 'set-cookie') && !value.includes(REDACTED)) {
        problems.push(`${where} header ${name} is not redacted`);
      }
    }
  }
  for (const [name, value] of Object.entries(exchange.request.query ?? {})) {
    if (rules.credentialQuery?.includes(name) && value !== REDACTED) problems.push(`query parameter ${name} is not redacted`);
  }
  const walk = (value: unknown, path: string[], where: string) => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, [...path, '[]'], where));
    if (value && typeof value === 'object') return Object.entries(value).forEach(([k, v]) => walk(v, [...path, k], where));
    if (typeof value !== 'string' && typeof value !== 'number') return;
    const text = String(value);
    const at = `${where} body ${path.join('.').replace(/\.\[\]/g, '[]')}`;
    if (rules.credentialFields.some((p) => matchesPath(p, path)) && text !== REDACTED) problems.push(`${at} is a credential and is not redacted`);
    const rule = rules.personalData.find((r) => matchesPath(r.path, path));
    const fake = isFake(rule?.kind ?? 'text', text) || (typeof value === 'number' && rule !== undefined && isFakeNumber(rule.kind, value));
    if (rule && !placeholders.has(text) && !fake) problems.push(`${at} looks like real ${rule.kind}: ${JSON.stringify(text)}`);
    // The named rules speak for their own fields (a fake by its field's rule is kept whole, whatever it holds).
    if (!rule) unnamed.add(value);
  };
  const unnamed = new Set<unknown>();
  walk(exchange.request.body, [], 'request');
  walk(exchange.response.body, [], 'response');
  problems.push(...detectedProblems(exchange, rules, unnamed));
  const everything = JSON.stringify(exchange);
  for (const [label, pattern] of SECRET_PATTERNS) {
    for (const match of everything.match(pattern) ?? []) problems.push(`${label}: ${match.slice(0, 12)}…`);
  }
  return problems;
}

/**
 * Personal data the value detectors and the rules' patterns still find anywhere in the recording (body values not
 * kept as fakes by their own rule, keys, headers, query, path, text bodies), shown only by its first characters.
 * E-mail addresses are left to SECRET_PATTERNS, which looks at the whole text.
 */
function detectedProblems(exchange: RedactableExchange, rules: RedactionRules, bodyValues: ReadonlySet<unknown>): string[] {
  const problems: string[] = [];
  const placeholders = new Set(rules.documentedPlaceholders ?? []);
  const patterns = compiledPatterns(rules);
  const report = (what: string, value: string) => problems.push(`${what} left in the recording: ${value.slice(0, 4)}…`);
  const visit = (value: unknown, inBody: boolean): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, inBody));
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        visit(key, false);
        visit(child, inBody);
      }
      return;
    }
    if (typeof value !== 'string' && typeof value !== 'number') return;
    if (inBody && !bodyValues.has(value)) return;
    const text = String(value);
    if (placeholders.has(text)) return;
    const pattern = patterns.find((p) => p.re.test(text));
    if (pattern && !(typeof value === 'number' ? isFakeNumber('digits', value) || isFakeNumber(pattern.kind, value) : isFake(pattern.kind, text))) report(`a value matching ${JSON.stringify(pattern.re.source)}`, text);
    if (typeof value === 'number') {
      const found = detectPersonalNumber(value);
      if (found && !placeholders.has(text)) report(`a number that looks like ${found.detector}`, text);
      return;
    }
    const detected = detectPersonalValues(text).filter((found) => found.kind !== 'email' && !placeholders.has(found.value));
    // Once per value, not again for a part of it (`7 701 123 45 67` in `+7 701 123 45 67`, seen form-decoded).
    for (const found of detected) if (!detected.some((other) => other !== found && other.value.includes(found.value))) report(`a value that looks like ${found.detector}`, found.value);
  };
  const { request, response } = exchange;
  visit({ ...request, body: undefined }, false);
  visit({ ...response, body: undefined }, false);
  visit(request.body, true);
  visit(response.body, true);
  return problems;
}

/** Credential shapes that must never appear in a recording, whatever field they hide in. */
const SECRET_PATTERNS: Array<[string, RegExp]> = [
  ['an Authorization token', /(?:Token|Bearer)\s+(?!<redacted>)[A-Za-z0-9._~+/=-]{16,}/g],
  ['a JSON Web Token', /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/g],
  ['an e-mail address outside example domains', /[A-Za-z0-9._%+-]+@(?!example\.(?:com|org|net)\b)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g],
];
