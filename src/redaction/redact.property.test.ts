/**
 * Properties of redaction (./redact.ts) under each API's own rules (src/<api>/redaction.ts), on random exchanges
 * with credentials and personal data planted anywhere: credential headers (schemes, Basic, cookies), credential
 * query parameters and body fields, personal body fields at any depth and inside arrays (as strings or numbers),
 * personal query parameters, and echoes inside other strings (an error message, another header, the query, the
 * path — raw and percent-encoded —, text bodies, object keys).
 *
 *  (a) no planted credential and no planted personal value is left anywhere in the output (JSON.stringify), and
 *      the recording scanner finds nothing to complain about. Credentials are either passed to `Redactor` as known
 *      secrets (what the recorder does) or not passed at all: then only those the redactor can see for itself
 *      (in a credential header, cookie, query parameter or body field) are echoed elsewhere;
 *  (b) redaction is idempotent: redact(redact(x)) equals redact(x);
 *  (c) values that are already fakes or documented placeholders — even ones with a real value inside — come out
 *      exactly as they went in (the sweep for echoes never rewrites part of a fake);
 *  (d) bodies built from every JSON example of every operation in the spec (those the spec itself accepts), with
 *      their personal fields replaced by random realistic values of the same shape, still validate once redacted;
 *  (e) personal values no rule names (IINs, BINs, INNs, phones, e-mail addresses, passport numbers, in their usual
 *      spellings) planted at random depths under random field names, inside sentences, arrays, the query, headers,
 *      the path, a Location URL, text bodies, and as JSON numbers, are caught by the value detectors: none is left
 *      after redaction as `record` does it (known secrets) or as `redact` does it (none); the output is valid JSON
 *      with the same keys holding the same types, the scanner finds nothing, and redacting again changes nothing;
 *  and the fakes themselves are deterministic, recognised as fakes, and keep the shape (salted ones too).
 *
 * Planted personal values are at least 4 characters long (the sweep for echoes ignores shorter ones by design:
 * they are replaced in their own fields only) and shaped so that a fake rarely contains one by chance (digit
 * strings start with two non-zero digits; fakes are zeros plus a short hashed tail). Rarely is not never (`ПРОБ`
 * inside the fake surname `ПРОБНЫЙ`, `2141` as the hashed tail of `000000002141`): a planted value found only
 * inside a fake the redactor makes for a planted value, or inside an example value left as it was, is no leak.
 * Each property has a fixed number of runs; fast-check prints the seed and the shrunk counterexample on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import bank131Spec from '../../generated/bank131.spec.js';
import brainysoftSpec from '../../generated/brainysoft.spec.js';
import erdSpec from '../../generated/erd.spec.js';
import kycaidSpec from '../../generated/kycaid.spec.js';
import { bank131Redaction } from '../bank131/redaction.js';
import { brainysoftRedaction } from '../brainysoft/redaction.js';
import { type OpenApiDocument, isObject, listOperations, resolveLocal } from '../core/spec.js';
import { type BodyCheck, validatorFor } from '../core/validation.js';
import { erdRedaction } from '../erd/redaction.js';
import { kycaidRedaction } from '../kycaid/redaction.js';
import { type FakeKind, fakeNumber, fakeValue, isFake, isFakeNumber } from './fakes.js';
import { type RedactableExchange, type RedactionRules, Redactor, matchesPath, scanExchange } from './redact.js';

const APIS: ReadonlyArray<[RedactionRules, OpenApiDocument]> = [
  [erdRedaction, erdSpec],
  [kycaidRedaction, kycaidSpec],
  [bank131Redaction, bank131Spec],
  [brainysoftRedaction, brainysoftSpec],
];

const RUNS = { numRuns: 200 };

// ---------------------------------------------------------------------------------------------------------------
// Realistic values

type G = fc.GeneratorValue;
type Script = 'cyrillic' | 'latin';

const pick = <T,>(g: G, list: readonly T[]): T => list[g(fc.nat, list.length - 1)]!;
const digit = (g: G, min = 0) => String(g(fc.integer, { min, max: 9 }));
const digitsOf = (g: G, n: number) => Array.from({ length: n }, (_, i) => digit(g, i < 2 ? 1 : 0)).join('');
const CYRILLIC = /[А-Яа-яЁё]/;

const NAMES: Record<'surname' | 'given-name' | 'patronymic', Record<Script, string[]>> = {
  surname: { cyrillic: ['Нурланова', 'Иванов', 'Сулейменова', 'Ахметов', 'Кузнецова', 'Жумабаев'], latin: ['Nurlanova', 'Ivanov', 'Suleimenova', 'Akhmetov', 'Kuznetsova'] },
  'given-name': { cyrillic: ['Айгерим', 'Иван', 'Дмитрий', 'Ольга', 'Нурсултан', 'Асель'], latin: ['Aigerim', 'Ivan', 'Dmitry', 'Olga', 'Nursultan', 'Asel'] },
  patronymic: { cyrillic: ['Болатовна', 'Иванович', 'Сергеевна', 'Маратович'], latin: ['Bolatovna', 'Ivanovich', 'Sergeevna', 'Maratovich'] },
};
const CITIES: Record<Script, string[]> = { cyrillic: ['Астана', 'Алматы', 'Караганда', 'Шымкент', 'Москва'], latin: ['Almaty', 'Astana', 'Karaganda', 'Moscow'] };
const STREETS: Record<Script, string[]> = { cyrillic: ['Кенесары', 'Абая', 'Ленина', 'Пушкина', 'Сатпаева'], latin: ['Abai Avenue', 'Kenesary Street', 'Lenin Street'] };

/** A capitalised made-up word: names nobody has thought of, in either script. */
function word(g: G, script: Script): string {
  const [upper, lower] = script === 'cyrillic' ? ['АБВГДЕЖЗИКЛМНОПРСУФХЧШЭЮЯ', 'абвгдежзиклмнопрсуфхчшыэюя'] : ['ABDEFGHIKLMNOPRUVWYZ', 'abdefghiklmnopruvwyz'];
  return pick(g, [...upper]) + g(fc.array, fc.constantFrom(...lower), { minLength: 3, maxLength: 9 }).join('');
}

function name(g: G, kind: keyof typeof NAMES, script: Script): string {
  return g(fc.boolean) ? pick(g, NAMES[kind][script]) : word(g, script);
}

/** Keeps `like`'s shape (letters, separators, length) with fresh digits; the first two digits are never 0. */
function reshapeDigits(g: G, like: string, keepFirst = false): string {
  let seen = 0;
  return [...like].map((ch) => {
    if (!/[0-9]/.test(ch)) return ch;
    seen++;
    if (seen === 1 && keepFirst) return ch;
    return digit(g, seen <= 2 ? 1 : 0);
  }).join('');
}

function date(g: G, like?: string): string {
  const y = String(g(fc.integer, { min: 1930, max: 2008 }));
  const m = String(g(fc.integer, { min: 1, max: 12 })).padStart(2, '0');
  const d = String(g(fc.integer, { min: 1, max: 28 })).padStart(2, '0');
  const format = like ?? pick(g, ['1970-01-01', '1970-01-01+06:00', '01.01.1970']);
  if (/^\d{2}\.\d{2}\.\d{4}/.test(format)) return `${d}.${m}.${y}`;
  return `${y}-${m}-${d}${format.slice(10)}`;
}

/**
 * A realistic value of `kind`; with `like`, one in the same script, case and format (so that it is as valid
 * against the spec as `like` is).
 */
function realistic(g: G, kind: FakeKind, like?: string): string {
  const script: Script = like !== undefined && CYRILLIC.test(like) ? 'cyrillic' : like !== undefined && /[A-Za-z]/.test(like) ? 'latin' : pick(g, ['cyrillic', 'latin'] as const);
  const upper = like !== undefined && /[A-Za-zА-Яа-я]/.test(like) && like === like.toUpperCase();
  const cased = (s: string) => (upper ? s.toUpperCase() : s);
  const hasDigits = like !== undefined && /[0-9]/.test(like);
  switch (kind) {
    case 'surname':
    case 'given-name':
    case 'patronymic':
      return cased(name(g, kind, script));
    case 'full-name':
      return cased(script === 'cyrillic'
        ? `${name(g, 'surname', script)} ${name(g, 'given-name', script)} ${name(g, 'patronymic', script)}`
        : `${name(g, 'given-name', script)} ${name(g, 'surname', script)}`);
    case 'address': {
      const city = pick(g, CITIES[script]);
      const street = pick(g, STREETS[script]);
      const house = g(fc.integer, { min: 1, max: 200 });
      const flat = g(fc.integer, { min: 1, max: 300 });
      return cased(script === 'cyrillic' ? `г. ${city}, ул. ${street}, д. ${house}, кв. ${flat}` : `${house} ${street}, apt. ${flat}, ${city}`);
    }
    case 'text':
      return cased(script === 'cyrillic' ? `${pick(g, ['ОУФМС России', 'ГУ МВД России', 'Отделом УФМС России'])} по г. ${pick(g, CITIES.cyrillic)}` : `@${word(g, 'latin').toLowerCase()}_${digitsOf(g, 2)}`);
    case 'digits':
      return hasDigits ? reshapeDigits(g, like!) : reshapeDigits(g, pick(g, ['000000000000', '0000 000000', '000-000', '00000000', '000-000-000 00']));
    case 'phone':
      return hasDigits ? reshapeDigits(g, like!, true) : reshapeDigits(g, pick(g, ['+77000000000', '87000000000', '+7 (700) 000-00-00', '77000000000']), true);
    case 'card-number':
      return hasDigits ? reshapeDigits(g, like!) : reshapeDigits(g, pick(g, ['5000000000000000', '2200 0000 0000 0000']));
    case 'account-number':
      return hasDigits ? reshapeDigits(g, like!) : reshapeDigits(g, pick(g, ['KZ00000000000000000000', '40800000000000000000']));
    case 'email':
      return `${word(g, 'latin').toLowerCase()}.${digitsOf(g, 2)}@${pick(g, ['mail.kz', 'gmail.com', 'yandex.ru', 'bk.ru'])}`;
    case 'date':
      return date(g, like);
  }
}

/** A realistic value that the redactor cannot mistake for a fake or a placeholder. */
function real(g: G, rules: RedactionRules, kind: FakeKind, like?: string): string | undefined {
  const value = realistic(g, kind, like);
  return isFake(kind, value) || rules.documentedPlaceholders?.includes(value) ? undefined : value;
}

// ---------------------------------------------------------------------------------------------------------------
// Random exchanges

const NEUTRAL_KEYS = ['data', 'result', 'items', 'payload', 'meta', 'info', 'client', 'details'];
const FILLER_WORDS = ['request', 'failed', 'because', 'of', 'value', 'lookup', 'for', 'ok', 'see', 'field', 'unknown'];

interface Planted {
  exchange: RedactableExchange;
  knownSecrets: string[];
  /** Every credential planted; each must vanish. */
  credentials: string[];
  /** Every real personal value planted; each must vanish. */
  personal: string[];
  /** Fakes and placeholders planted in personal fields, with where: each must come out unchanged. */
  kept: Array<{ where: 'request' | 'response'; path: string[]; value: string }>;
}

/** Concrete body path for a rule pattern: `**` → 0–2 neutral keys (maybe inside arrays), `*` → one key. */
function instantiate(g: G, pattern: string): string[] {
  const out: string[] = [];
  for (const segment of pattern.replace(/\[\]/g, '.[]').split('.').filter(Boolean)) {
    if (segment === '**') {
      for (let i = g(fc.integer, { min: 0, max: 2 }); i > 0; i--) {
        out.push(pick(g, NEUTRAL_KEYS));
        if (g(fc.boolean)) out.push('[]');
      }
    } else if (segment === '*') out.push(pick(g, NEUTRAL_KEYS));
    else out.push(segment);
  }
  return out;
}

/** Sets a leaf; false (and nothing changed) when the spot is taken or the path crosses a leaf. */
function setPath(root: Record<string, unknown>, path: readonly string[], value: unknown, g: G): boolean {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    const next = path[i + 1] === '[]' ? [] : {};
    if (segment === '[]') {
      if (!Array.isArray(node)) return false;
      if (last) {
        node.push(value);
        return true;
      }
      const reuse = node.length > 0 && g(fc.boolean) ? node[node.length - 1] : undefined;
      if (reuse !== undefined && Array.isArray(reuse) === Array.isArray(next) && typeof reuse === 'object' && reuse !== null) node = reuse;
      else {
        node.push(next);
        node = next;
      }
      continue;
    }
    if (!isObject(node)) return false;
    if (last) {
      if (segment in node) return false;
      node[segment] = value;
      return true;
    }
    if (!(segment in node)) node[segment] = next;
    const child = node[segment];
    if (typeof child !== 'object' || child === null || Array.isArray(child) !== Array.isArray(next)) return false;
    node = child;
  }
  return false;
}

const isRulePath = (rules: RedactionRules, path: readonly string[]) =>
  rules.personalData.some((r) => matchesPath(r.path, path)) || rules.credentialFields.some((p) => matchesPath(p, path));

function credential(g: G): string {
  const body = g(fc.array, fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789_-'), { minLength: 16, maxLength: 40 }).join('');
  return pick(g, ['sk_live_', 'tok-', 'pp-', '']) + body;
}

function plantExchange(g: G, rules: RedactionRules): Planted {
  const request: RedactableExchange['request'] = { path: '/api/v1/resource', headers: { 'content-type': 'application/json' } };
  const response: RedactableExchange['response'] = { headers: { 'content-type': 'application/json' } };
  const bodies = { request: {} as Record<string, unknown>, response: {} as Record<string, unknown> };
  const credentials: string[] = [];
  const learnable: string[] = []; // what the redactor can learn without being told
  const personal: string[] = [];
  const kept: Planted['kept'] = [];

  // Credentials in their slots.
  for (const header of [...rules.credentialHeaders, 'cookie', 'set-cookie']) {
    if (!g(fc.boolean)) continue;
    const token = credential(g);
    credentials.push(token);
    learnable.push(token);
    const headers = header === 'set-cookie' ? response.headers! : request.headers!;
    const scheme = pick(g, ['Token ', 'Bearer ', '', 'Basic ']);
    if (header === 'cookie') headers[header] = `csrftoken=${credential(g)}; sessionid=${token}`;
    else if (header === 'set-cookie') headers[header] = `sessionid=${token}; Path=/; HttpOnly`;
    else if (scheme === 'Basic ') {
      headers[header] = `Basic ${Buffer.from(`client-app:${token}`).toString('base64')}`;
      credentials.push(Buffer.from(`client-app:${token}`).toString('base64'));
    } else headers[header] = `${scheme}${token}`;
    if (header === 'cookie') credentials.push(headers[header]!.slice('csrftoken='.length, headers[header]!.indexOf(';')));
  }
  for (const name of rules.credentialQuery ?? []) {
    if (!g(fc.boolean)) continue;
    const token = credential(g);
    credentials.push(token);
    learnable.push(token);
    (request.query ??= {})[name] = token;
  }
  for (const pattern of rules.credentialFields) {
    if (!g(fc.boolean)) continue;
    const token = credential(g);
    const where = pick(g, ['request', 'response'] as const);
    if (setPath(bodies[where], instantiate(g, pattern), token, g)) {
      credentials.push(token);
      learnable.push(token);
    }
  }
  // A credential in no slot at all: only a known secret can be caught.
  const stray = credential(g);
  credentials.push(stray);

  // Personal data in personal fields, some of it as numbers; and fakes or placeholders, which must stay.
  for (let n = g(fc.integer, { min: 1, max: 8 }); n > 0; n--) {
    const rule = pick(g, rules.personalData);
    const where = pick(g, ['request', 'response'] as const);
    const path = instantiate(g, rule.path);
    if (rules.personalData.find((r) => matchesPath(r.path, path)) !== rule) continue;
    const choice = g(fc.integer, { min: 0, max: 5 });
    if (choice === 0) {
      // Already a fake, or a placeholder, possibly built around a real value planted elsewhere.
      // (Not around an e-mail address: the scanner rightly flags one outside example domains wherever it is.)
      const arounds = personal.filter((p) => !p.includes('@'));
      const around = arounds.length ? pick(g, arounds) : 'x';
      const candidates = [fakeValue(rule.kind, realistic(g, rule.kind)), ...(rules.documentedPlaceholders ?? [])];
      if (['address', 'text', 'full-name'].includes(rule.kind)) candidates.push(`${around}, ул. Тестовая, д. 0, кв. 0`, `Test ${around}`);
      const value = pick(g, candidates);
      if (!isFake(rule.kind, value) && !rules.documentedPlaceholders?.includes(value)) continue;
      if (setPath(bodies[where], path, value, g)) kept.push({ where, path, value });
      continue;
    }
    const value = real(g, rules, rule.kind);
    if (value === undefined) continue;
    const asNumber = choice === 1 && /^[1-9][0-9]{5,14}$/.test(value) && ['digits', 'phone', 'card-number', 'account-number'].includes(rule.kind);
    if (setPath(bodies[where], path, asNumber ? Number(value) : value, g)) personal.push(value);
  }

  // Personal data in the query, under a name the rules know as a top-level field (`?iin=…`, `?email=…`).
  const queryRules = rules.personalData.filter((r) => {
    const name = r.path.split('.').pop()!;
    return /^[A-Za-z_]+$/.test(name) && rules.personalData.find((q) => matchesPath(q.path, [name])) === r;
  });
  if (queryRules.length && g(fc.boolean)) {
    const rule = pick(g, queryRules);
    const value = real(g, rules, rule.kind);
    if (value !== undefined) {
      (request.query ??= {})[rule.path.split('.').pop()!] = value;
      personal.push(value);
    }
  }

  // Filler, and echoes of what was planted in other strings.
  const echoable = [...personal, ...learnable];
  const knownSecrets = g(fc.boolean) ? [...credentials] : [];
  if (knownSecrets.length) echoable.push(stray);
  const sentence = () => {
    const words = Array.from({ length: g(fc.integer, { min: 0, max: 4 }) }, () => pick(g, FILLER_WORDS));
    if (echoable.length && g(fc.boolean)) words.splice(g(fc.nat, words.length), 0, pick(g, echoable));
    return words.join(pick(g, [' ', ': ', ', ', '=', '/']));
  };
  for (let n = g(fc.integer, { min: 0, max: 5 }); n > 0; n--) {
    const where = pick(g, ['request', 'response'] as const);
    const path = [...instantiate(g, '**'), pick(g, ['message', 'detail', 'note', 'errors', 'trace', 'description'])];
    if (g(fc.boolean)) path.push('[]');
    if (isRulePath(rules, path)) continue;
    setPath(bodies[where], path, g(fc.integer, { min: 0, max: 9 }) === 0 ? g(fc.integer) : sentence(), g);
  }
  if (echoable.length && g(fc.integer, { min: 0, max: 4 }) === 0) {
    // A map keyed by a personal value or a credential.
    setPath(bodies.response, ['index'], { [pick(g, echoable)]: { status: 'found' } }, g);
  }
  const echo = () => (echoable.length ? pick(g, echoable) : 'none');
  if (g(fc.boolean)) request.path = `/api/v1/clients/${echo()}`;
  if (g(fc.boolean)) request.path = `/api/v1/clients/${encodeURIComponent(echo())}/documents`;
  if (g(fc.boolean)) (request.query ??= {})['q'] = sentence();
  if (g(fc.boolean)) request.headers!['x-request-note'] = sentence();
  if (g(fc.boolean)) response.headers!['location'] = `/api/v1/clients?email=${encodeURIComponent(echo())}`;
  if (g(fc.boolean)) response.bodyText = `<html><body>${sentence()}</body></html>`;
  if (g(fc.boolean)) request.bodyText = sentence();

  if (Object.keys(bodies.request).length) request.body = bodies.request;
  if (Object.keys(bodies.response).length || g(fc.boolean)) response.body = bodies.response;
  return { exchange: { request, response }, knownSecrets, credentials, personal, kept };
}

/** Every spelling of `value` that would give it away in the JSON text of a recording. */
function spellings(value: string): string[] {
  const inJson = JSON.stringify(value).slice(1, -1);
  return [...new Set([inJson, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)])];
}

/**
 * The planted values that can still be read in `output`. Fakes and placeholders kept on purpose are cut out first:
 * one built around a real value (`Test Нурланова`) is a fake by the rules, and stays.
 */
function leaks(output: unknown, values: readonly string[], kept: readonly string[] = []): string[] {
  let text = JSON.stringify(output);
  for (const value of [...kept].filter((k) => k.length >= 4).sort((a, b) => b.length - a.length)) text = text.split(JSON.stringify(value).slice(1, -1)).join('\u0000');
  return values.filter((v) => v.length >= 4 && spellings(v).some((s) => text.includes(s)));
}

/** Planted personal values left in `output`, ignoring those found only inside `kept` values or inside fakes of planted values. */
function personalLeaks(output: unknown, personal: readonly string[], kept: readonly string[]): string[] {
  const found = leaks(output, personal, kept);
  return found.length === 0 ? found : leaks(output, found, [...kept, ...fakesOf(personal)]);
}

/** Every fake the redactor can make for `values` (text or number, any kind, the first salts), none of them a planted value itself. */
function fakesOf(values: readonly string[]): string[] {
  const fakes = new Set<string>();
  for (const value of values) {
    for (const kind of KINDS) {
      for (const salt of ['', '#1', '#2', '#3']) {
        fakes.add(fakeValue(kind, value, salt));
        const number = /^[0-9]+$/.test(value) ? fakeNumber(kind, Number(value), salt) : undefined;
        if (number !== undefined) fakes.add(String(number));
      }
    }
  }
  for (const value of values) fakes.delete(value);
  return [...fakes];
}

/** Every string and number in a body, as text. */
function leafStrings(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  if (isObject(value)) return Object.values(value).flatMap(leafStrings);
  return typeof value === 'string' || typeof value === 'number' ? [String(value)] : [];
}

function getAt(root: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return [root];
  const [head, ...rest] = path;
  if (head === '[]') return Array.isArray(root) ? root.flatMap((item) => getAt(item, rest)) : [];
  return isObject(root) && head! in root ? getAt(root[head!], rest) : [];
}

// ---------------------------------------------------------------------------------------------------------------

const KINDS: FakeKind[] = ['surname', 'given-name', 'patronymic', 'full-name', 'digits', 'phone', 'email', 'date', 'address', 'text', 'card-number', 'account-number'];
const DIGIT_KINDS = new Set<FakeKind>(['digits', 'phone', 'card-number', 'account-number', 'date']);

describe('fakes', () => {
  it('are whole-value, deterministic, recognised as fakes, and keep the shape (salted ones too)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.gen(), fc.constantFrom('', '#1', '#42'), (kind, g, salt) => {
        const value = realistic(g, kind);
        const fake = fakeValue(kind, value, salt);
        expect(fakeValue(kind, value, salt)).toBe(fake);
        expect(isFake(kind, fake), `${kind} ${value} → ${fake}`).toBe(true);
        expect(fakeValue(kind, fake) === fake || isFake(kind, fake)).toBe(true);
        if (DIGIT_KINDS.has(kind)) {
          // Same length, same separators and letters: only digits change.
          expect(fake.replace(/[0-9]/g, '0'), `${kind} ${value} → ${fake}`).toBe(value.replace(/[0-9]/g, '0'));
        }
        if (/^[1-9][0-9]{5,14}$/.test(value) && kind !== 'date') {
          const number = fakeNumber(kind, Number(value), salt);
          expect(number, `${kind} ${value}`).toEqual(expect.any(Number));
          expect(String(number)).toHaveLength(value.length);
          expect(isFakeNumber(kind, number!)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe.each(APIS.map(([rules, spec]) => [rules.api, rules, spec] as const))('redaction under the %s rules', (_api, rules, spec) => {
  // (a), (b) and (c) share their random exchanges: one generation and one redaction per run keeps the file fast.
  it('(a) leaves no planted credential or personal value, (b) is idempotent, (c) keeps fakes and placeholders whole', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const planted = plantExchange(g, rules);
        const out = new Redactor(rules, planted.knownSecrets).redact(planted.exchange);
        // Messages are built only on failure: they cost more than the checks.
        const fail = (what: string, found: unknown) => expect(found, `${what} in ${JSON.stringify(planted.exchange)}\n→ ${JSON.stringify(out)}`).toEqual([]);
        // (a)
        const credentialsLeft = leaks(out, planted.credentials);
        if (credentialsLeft.length) fail('credentials left', credentialsLeft);
        const personalLeft = personalLeaks(out, planted.personal, planted.kept.map((k) => k.value));
        if (personalLeft.length) fail('personal values left', personalLeft);
        const problems = scanExchange(out, rules);
        if (problems.length) fail('the scanner objects', problems);
        // (b)
        const twice = new Redactor(rules).redact(out);
        if (JSON.stringify(twice) !== JSON.stringify(out)) expect(JSON.stringify(twice, null, 1), 'not idempotent').toBe(JSON.stringify(out, null, 1));
        // (c) (unless a planted credential hides inside: then it must go, fake or not)
        const corrupted = planted.kept.filter(({ where, path, value }) => !planted.credentials.some((c) => value.includes(c)) && !getAt(out[where].body, path).includes(value));
        if (corrupted.length) fail('fakes or placeholders changed', corrupted);
      }),
      RUNS,
    );
  });

  const validator = validatorFor(spec, `${rules.api}.openapi.json`);
  const check = (ex: SpecExample, body: unknown) =>
    ex.where === 'request'
      ? validator.validateRequestBody({ method: ex.method, path: ex.path, contentType: ex.contentType, body })
      : validator.validateResponse({ method: ex.method, path: ex.path, status: ex.status, contentType: ex.contentType, body });
  // An example the spec itself rejects says nothing about redaction (the spec's own tests catch it).
  const examples = specExamples(spec).filter((ex) => issuesOf(check(ex, ex.body)).length === 0);
  it.runIf(examples.length > 0)(`(d) keeps every body valid against the spec (${examples.length} valid examples)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.gen(), (ex, g) => {
        const personal: string[] = [];
        const body = replacePersonal(structuredClone(ex.body), [], rules, g, personal);
        expect(issuesOf(check(ex, body)), `the planted body itself is valid: ${JSON.stringify(body)}`).toEqual([]);
        const exchange: RedactableExchange = ex.where === 'request' ? { request: { path: ex.path, body }, response: {} } : { request: { path: ex.path }, response: { body } };
        const out = new Redactor(rules).redact(exchange);
        // Credential fields become `<redacted>` by convention, whatever their schema says (ERD's api_key has a minLength).
        const issues = issuesOf(check(ex, out[ex.where].body)).filter((i) => !rules.credentialFields.some((p) => matchesPath(p, pointerPath(i.field))));
        expect(issues, `${JSON.stringify(issues)} in ${JSON.stringify(out[ex.where].body)}`).toEqual([]);
        // A planted value may coincide with part of an example value left as it was (`Flat 2A` in the address,
        // `2141` in the number 102141).
        expect(personalLeaks(out, personal, leafStrings(ex.body))).toEqual([]);
        expect(scanExchange(out, rules)).toEqual([]);
      }),
      RUNS,
    );
  });
});

function issuesOf(check: BodyCheck): Array<{ field: string; message: string }> {
  if (check.kind === 'valid') return [];
  return check.kind === 'invalid' ? check.issues : [{ field: '', message: check.kind }];
}

/** `/result_json/0/debtor_iin` → `['result_json', '[]', 'debtor_iin']`. */
const pointerPath = (pointer: string) => pointer.split('/').slice(1).map((t) => (/^\d+$/.test(t) ? '[]' : t.replace(/~1/g, '/').replace(/~0/g, '~')));

interface SpecExample {
  readonly where: 'request' | 'response';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

/** Every JSON example (request bodies and responses) of every operation. */
function specExamples(spec: OpenApiDocument): SpecExample[] {
  const out: SpecExample[] = [];
  const collect = (content: unknown, base: Omit<SpecExample, 'contentType' | 'body'>) => {
    if (!isObject(content)) return;
    for (const [contentType, media] of Object.entries(content)) {
      if (!/json/.test(contentType) || !isObject(media)) continue;
      const values = [...(media['example'] !== undefined ? [media['example']] : []), ...Object.values(isObject(media['examples']) ? media['examples'] : {}).map((e) => (resolveLocal(spec, e, '').node as { value?: unknown }).value)];
      for (const body of values) if (body !== undefined) out.push({ ...base, contentType, body });
    }
  };
  for (const op of listOperations(spec)) {
    if (op.operation['requestBody'] !== undefined) {
      collect((resolveLocal(spec, op.operation['requestBody'], '').node as { content?: unknown }).content, { where: 'request', method: op.method, path: op.path, status: 0 });
    }
    for (const [status, response] of Object.entries(isObject(op.operation['responses']) ? op.operation['responses'] : {})) {
      const code = /^\d{3}$/.test(status) ? Number(status) : status === 'default' ? 500 : Number(status[0]) * 100;
      collect((resolveLocal(spec, response, '').node as { content?: unknown }).content, { where: 'response', method: op.method, path: op.path, status: code });
    }
  }
  return out;
}

/** The example with (most of) its non-empty personal fields replaced by realistic values of the same shape. */
function replacePersonal(value: unknown, path: string[], rules: RedactionRules, g: G, planted: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => replacePersonal(item, [...path, '[]'], rules, g, planted));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePersonal(v, [...path, k], rules, g, planted)]));
  if (typeof value !== 'string' || value === '' || g(fc.integer, { min: 0, max: 4 }) === 0) return value;
  const rule = rules.personalData.find((r) => matchesPath(r.path, path));
  if (!rule) return value;
  const fresh = real(g, rules, rule.kind, value);
  if (fresh === undefined) return value;
  planted.push(fresh);
  return fresh;
}

// ---------------------------------------------------------------------------------------------------------------
// Value detectors: personal data that no rule names, planted anywhere

/** `first` followed by its IIN/BIN check digit; undefined for the 1 in 11 prefixes no number is issued for. */
function withIinCheckDigit(first11: string): string | undefined {
  const digits = [...first11].map(Number);
  const sum = (weights: number[]) => weights.reduce((s, w, i) => s + w * digits[i]!, 0) % 11;
  let check = sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (check === 10) check = sum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return check === 10 ? undefined : `${first11}${check}`;
}

function withInnCheckDigits(first: string): string {
  const check = (value: string, weights: number[]) => String((weights.reduce((s, w, i) => s + w * Number(value[i]), 0) % 11) % 10);
  if (first.length === 9) return first + check(first, [2, 4, 10, 3, 5, 9, 4, 6, 8]);
  const eleven = first + check(first, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  return eleven + check(eleven, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/** `n` random digits, drawn at once (a draw per digit makes the property slow). */
const anyDigits = (g: G, n: number) => String(g(fc.integer, { min: 0, max: 10 ** n - 1 })).padStart(n, '0');

type PersonalShape = 'iin' | 'bin' | 'inn-10' | 'inn-12' | 'phone' | 'email' | 'passport';

/** A realistic value of `shape`, in one of its usual spellings; `numeric` when it may also be sent as a JSON number. */
function personalValue(g: G, shape: PersonalShape): { value: string; numeric: boolean } | undefined {
  switch (shape) {
    case 'iin': {
      // YYMMDD, the century-and-sex digit, a serial number, the check digit.
      const value = withIinCheckDigit(`${pad2(g(fc.integer, { min: 0, max: 99 }))}${pad2(g(fc.integer, { min: 1, max: 12 }))}${pad2(g(fc.integer, { min: 1, max: 28 }))}${g(fc.integer, { min: 1, max: 6 })}${anyDigits(g, 4)}`);
      return value === undefined ? undefined : { value, numeric: true };
    }
    case 'bin': {
      // YYMM of registration, the kind of organisation (4–6), its attribute (0–3), a serial number, the check digit.
      const value = withIinCheckDigit(`${pad2(g(fc.integer, { min: 0, max: 99 }))}${pad2(g(fc.integer, { min: 1, max: 12 }))}${g(fc.integer, { min: 4, max: 6 })}${g(fc.integer, { min: 0, max: 3 })}${anyDigits(g, 5)}`);
      return value === undefined ? undefined : { value, numeric: true };
    }
    case 'inn-10':
    case 'inn-12':
      // The region (01–99), the tax office, a serial number, the check digit(s).
      return { value: withInnCheckDigits(`${pad2(g(fc.integer, { min: 1, max: 99 }))}${anyDigits(g, shape === 'inn-10' ? 7 : 8)}`), numeric: true };
    case 'phone': {
      const area = `${pick(g, ['7', '9'])}${anyDigits(g, 2)}`;
      const [a, b, c] = [anyDigits(g, 3), anyDigits(g, 2), anyDigits(g, 2)];
      const spelling = g(fc.integer, { min: 0, max: 8 });
      const value = [`+7 (${area}) ${a}-${b}-${c}`, `+7${area}${a}${b}${c}`, `8${area}${a}${b}${c}`, `8 (${area}) ${a}-${b}-${c}`, `+7 ${area} ${a} ${b} ${c}`, `8-${area}-${a}-${b}-${c}`, `+44 20 ${anyDigits(g, 4)} ${anyDigits(g, 4)}`, `+49${pick(g, ['30', '89'])}${anyDigits(g, 8)}`, `(${area}) ${a}-${b}-${c}`][spelling]!;
      return { value, numeric: spelling === 2 };
    }
    case 'email': {
      const local = `${word(g, 'latin').toLowerCase()}${pick(g, ['.', '_', '+kyc.', ''])}${digitsOf(g, 2)}`;
      return { value: `${local}@${pick(g, ['mail.kz', 'gmail.com', 'yandex.ru', 'inbox.ru', 'kaspi-bank.kz', 'corp.example.kz'])}`, numeric: false };
    }
    case 'passport': {
      const series = `${digit(g, 1)}${anyDigits(g, 3)}`;
      const number = `${digit(g, 1)}${anyDigits(g, 5)}`;
      return { value: pick(g, [`${series} ${number}`, `${series.slice(0, 2)} ${series.slice(2)} ${number}`, `${series} № ${number}`, `${series}-${number}`, `N${digit(g, 1)}${anyDigits(g, 7)}`]), numeric: false };
    }
  }
}

const SHAPES: PersonalShape[] = ['iin', 'bin', 'inn-10', 'inn-12', 'phone', 'email', 'passport'];

/** A field name nobody wrote a rule for: made-up, or an innocent one (`comment`, `ref`). */
const randomKey = (g: G) => (g(fc.boolean) ? word(g, 'latin').toLowerCase() : pick(g, ['comment', 'ref', 'external_applicant_id', 'extra', 'value', 'metadata', 'contact', 'note']));

interface DetectorPlanting extends Planted {
  /** The personal values planted where no rule names them; each must vanish (`numbers` as JSON numbers). */
  detectable: string[];
  numbers: number[];
}

/** `plantExchange`'s exchange, with personal values no rule names planted at random depths and places. */
function plantDetectable(g: G, rules: RedactionRules): DetectorPlanting {
  const planted = plantExchange(g, rules);
  const { request, response } = planted.exchange;
  const detectable: string[] = [];
  const numbers: number[] = [];
  // A value that happens to look like a fake (mostly zeros: what shrinking makes) is one: it is no leak.
  const looksFake = ({ value, numeric }: { value: string; numeric: boolean }) =>
    isFake('digits', value) || isFake('phone', value) || (numeric && isFakeNumber('digits', Number(value.replace(/\D/g, ''))));
  const values = Array.from({ length: g(fc.integer, { min: 1, max: 6 }) }, () => personalValue(g, pick(g, SHAPES))).filter(
    (v): v is { value: string; numeric: boolean } => v !== undefined && !looksFake(v) && !rules.documentedPlaceholders?.includes(v.value),
  );
  const inText = (value: string) => {
    const words = Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, () => pick(g, FILLER_WORDS));
    words.splice(g(fc.nat, words.length), 0, value);
    return words.join(pick(g, [' ', ': ', ', ', '=', '/', ' (', '; ']));
  };
  for (const { value, numeric } of values) {
    const place = g(fc.integer, { min: 0, max: 7 });
    if (place <= 2) {
      // A body field at a random depth, under a random name, maybe inside arrays; as the whole value, inside a
      // sentence, or as a JSON number.
      const where = pick(g, ['request', 'response'] as const);
      const body = (planted.exchange[where].body ??= {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body)) continue;
      const path: string[] = [];
      for (let depth = g(fc.integer, { min: 0, max: 4 }); depth > 0; depth--) {
        path.push(g(fc.boolean) ? pick(g, NEUTRAL_KEYS) : randomKey(g));
        if (g(fc.integer, { min: 0, max: 3 }) === 0) path.push('[]');
      }
      path.push(randomKey(g));
      if (g(fc.boolean)) path.push('[]');
      if (isRulePath(rules, path)) continue;
      const asNumber = numeric && g(fc.boolean);
      if (!setPath(body, path, asNumber ? Number(value.replace(/\D/g, '')) : place === 0 ? inText(value) : value, g)) continue;
      if (asNumber) numbers.push(Number(value.replace(/\D/g, '')));
      else detectable.push(value);
    } else if (place === 3) {
      (request.query ??= {})[randomKey(g)] = g(fc.boolean) ? value : inText(value);
      detectable.push(value);
    } else if (place === 4) {
      const name = `x-${randomKey(g)}`;
      if (rules.credentialHeaders.includes(name)) continue;
      request.headers![name] = inText(value);
      detectable.push(value);
    } else if (place === 5) {
      request.path = `${request.path}/${pick(g, [value, encodeURIComponent(value)])}`;
      detectable.push(value);
    } else if (place === 6) {
      response.headers!['location'] = `/api/v1/find?${new URLSearchParams({ [randomKey(g)]: value }).toString()}`;
      detectable.push(value);
    } else {
      const where = pick(g, [request, response]);
      where.bodyText = `${where.bodyText ?? ''}<p>${inText(value)}</p>`;
      detectable.push(value);
    }
  }
  return { ...planted, detectable, numbers };
}

/**
 * Where `after` differs from `before` in shape: the same keys in the same order holding the same JSON types, except
 * keys that hold a planted value (a map keyed by one), which may change. Undefined when they match.
 */
function shapeDifference(before: unknown, after: unknown, planted: (key: string) => boolean, at = ''): string | undefined {
  if (Array.isArray(before) || Array.isArray(after)) {
    if (!Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return `${at}: array changed`;
    for (let i = 0; i < before.length; i++) {
      const found = shapeDifference(before[i], after[i], planted, `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isObject(before) || isObject(after)) {
    if (!isObject(before) || !isObject(after)) return `${at}: object changed`;
    const [a, b] = [Object.entries(before), Object.entries(after)];
    if (a.length !== b.length) return `${at}: keys changed`;
    for (let i = 0; i < a.length; i++) {
      if (a[i]![0] !== b[i]![0] && !planted(a[i]![0])) return `${at}.${a[i]![0]}: key changed`;
      const found = shapeDifference(a[i]![1], b[i]![1], planted, `${at}.${a[i]![0]}`);
      if (found) return found;
    }
    return undefined;
  }
  const type = (v: unknown) => (v === null ? 'null' : typeof v);
  return type(before) === type(after) ? undefined : `${at}: ${type(before)} became ${type(after)}`;
}

describe.each(APIS.map(([rules]) => [rules.api, rules] as const))('value detectors under the %s rules', (_api, rules) => {
  it('(e) leave no IIN, BIN, INN, phone, e-mail or passport number planted anywhere, in valid JSON of the same shape', () => {
    fc.assert(
      fc.property(fc.gen(), fc.boolean(), (g, recorder) => {
        const planted = plantDetectable(g, rules);
        // `record` passes the credentials it used; `redact` knows none.
        const out = recorder ? new Redactor(rules, planted.knownSecrets).redact(planted.exchange) : new Redactor(rules).redact(planted.exchange);
        const fail = (what: string, found: unknown) => expect(found, `${what} in ${JSON.stringify(planted.exchange)}\n→ ${JSON.stringify(out)}`).toEqual([]);
        const text = JSON.stringify(out);
        const left = personalLeaks(out, [...planted.detectable, ...planted.personal], planted.kept.map((k) => k.value));
        if (left.length) fail('personal values left', left);
        const numbersLeft = planted.numbers.filter((n) => new RegExp(`(?<![0-9])${n}(?![0-9])`).test(text));
        if (numbersLeft.length) fail('personal numbers left', numbersLeft);
        if (recorder && leaks(out, planted.credentials).length) fail('credentials left', leaks(out, planted.credentials));
        const problems = scanExchange(out, rules);
        if (problems.length) fail('the scanner objects', problems);
        // Valid JSON, and the same fields of the same types (keys that were planted values aside).
        if (JSON.stringify(JSON.parse(text)) !== text) fail('not JSON', [text]);
        const everything = [...planted.personal, ...planted.credentials, ...planted.detectable];
        const plantedKey = (key: string) => everything.some((p) => key.includes(p));
        for (const where of ['request', 'response'] as const) {
          const difference = shapeDifference(planted.exchange[where].body, out[where].body, plantedKey, `${where}.body`);
          if (difference) fail('the shape changed', [difference]);
        }
        for (const part of ['query', 'headers'] as const) {
          const difference = shapeDifference(planted.exchange.request[part], out.request[part], () => false, `request.${part}`);
          if (difference) fail('the shape changed', [difference]);
        }
        // Idempotent.
        const twice = new Redactor(rules).redact(out);
        if (JSON.stringify(twice) !== text) expect(JSON.stringify(twice, null, 1), 'not idempotent').toBe(JSON.stringify(out, null, 1));
      }),
      RUNS,
    );
  });
});
