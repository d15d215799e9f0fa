/**
 * Fake values that keep a real value's shape (length, separators, script, date format) so that a redacted
 * recording still validates against its spec. Every fake is recognisable as fake (`isFake`), which makes
 * redaction idempotent: running it again leaves fakes alone.
 */
import { createHash } from 'node:crypto';

/** Every kind of fake, for validating rules that come from users' configuration. */
export const FAKE_KINDS = [
  'surname',
  'given-name',
  'patronymic',
  'full-name',
  'digits',
  'phone',
  'email',
  'date',
  'address',
  'text',
  'card-number',
  'account-number',
] as const;

export type FakeKind = (typeof FAKE_KINDS)[number];

const CYRILLIC = /[А-Яа-яЁёІіҚқҒғҮүҰұӨөҺһӘә]/;

const POOLS = {
  surname: { latin: ['Snow', 'Doe', 'Testov', 'Sample'], cyrillic: ['Тестов', 'Образцов', 'Примеров', 'Пробный'] },
  'given-name': { latin: ['John', 'Jane', 'Test', 'Sample'], cyrillic: ['Тест', 'Пример', 'Образец', 'Проба'] },
  patronymic: { latin: ['Testovich', 'Samplevich'], cyrillic: ['Тестович', 'Примерович', 'Тестовна', 'Примеровна'] },
  'full-name': { latin: ['John Snow', 'John Doe', 'Test Sample'], cyrillic: ['Тестов Тест Тестович', 'Примеров Пример Примерович'] },
  address: {
    latin: ['1 Test Street, Testville', '2 Sample Road, Exampletown'],
    cyrillic: ['г. Тестовый, ул. Тестовая, д. 1', 'г. Примерный, ул. Образцовая, д. 2'],
  },
  text: { latin: ['TEST VALUE', 'SAMPLE VALUE'], cyrillic: ['ТЕСТОВОЕ ЗНАЧЕНИЕ', 'ПРИМЕРНОЕ ЗНАЧЕНИЕ'] },
} as const;

type PooledKind = keyof typeof POOLS;

const POOLED = new Set<string>(Object.keys(POOLS));
const ALL_POOLED_VALUES = new Set(
  Object.values(POOLS).flatMap((pool) => [...pool.latin, ...pool.cyrillic].flatMap((v) => [v, v.toUpperCase(), v.toLowerCase()])),
);

function hashDigits(kind: string, value: string, count: number): string {
  const hex = createHash('sha256').update(`${kind}\u0000${value}`).digest('hex');
  let digits = '';
  for (const ch of hex) {
    if (digits.length >= count) break;
    digits += String(parseInt(ch, 16) % 10);
  }
  return digits.padEnd(count, '0');
}

function pick<T>(list: readonly T[], kind: string, value: string): T {
  return list[Number(hashDigits(kind, value, 6)) % list.length]!;
}

/** How many trailing digits of an n-digit fake come from the hash; the rest are zeros. */
const hashedTail = (n: number) => Math.min(4, Math.floor(n / 3));

/** Replaces every digit, keeping separators: all zeros but a short tail (≤ 4 digits) that comes from a hash. */
function maskDigits(kind: string, value: string, keepLeading = 0, salt = ''): string {
  const positions = [...value].map((ch, i) => (/[0-9]/.test(ch) ? i : -1)).filter((i) => i >= 0);
  const free = positions.slice(keepLeading);
  const tail = hashDigits(kind, `${value}${salt}`, hashedTail(free.length));
  const chars = [...value];
  free.forEach((position, i) => {
    chars[position] = i >= free.length - tail.length ? tail[i - (free.length - tail.length)]! : '0';
  });
  return chars.join('');
}

function isMaskedDigits(value: string, keepLeading = 0): boolean {
  const digits = value.replace(/[^0-9]/g, '').slice(keepLeading);
  if (digits.length === 0) return false;
  const zerosNeeded = digits.length - hashedTail(digits.length);
  return /^0*$/.test(digits.slice(0, zerosNeeded));
}

const DATE_FORMATS: Array<{ re: RegExp; build: (y: string, m: string, d: string, rest: string) => string }> = [
  { re: /^(\d{4})-(\d{2})-(\d{2})(.*)$/, build: (y, m, d, rest) => `${y}-${m}-${d}${rest}` },
  { re: /^(\d{2})\.(\d{2})\.(\d{4})(.*)$/, build: (y, m, d, rest) => `${d}.${m}.${y}${rest}` },
];

function fakeDate(value: string, salt = ''): string {
  const h = hashDigits('date', `${value}${salt}`, 4);
  const month = String((Number(h.slice(0, 2)) % 12) + 1).padStart(2, '0');
  const day = String((Number(h.slice(2, 4)) % 28) + 1).padStart(2, '0');
  for (const { re, build } of DATE_FORMATS) {
    const m = re.exec(value);
    if (!m) continue;
    // Keep any time / zone suffix as it is: it carries the format, not the person.
    return build('1900', month, day, m[4]!);
  }
  return '1900-01-01';
}

function isFakeDate(value: string): boolean {
  return /^1900-/.test(value) || /^\d{2}\.\d{2}\.1900/.test(value);
}

function matchCase(fake: string, real: string): string {
  if (real === real.toUpperCase() && real !== real.toLowerCase()) return fake.toUpperCase();
  return fake;
}

/**
 * A fake of the same shape as `value`, built from the whole value. Deterministic: the same real value always gives
 * the same fake. `salt` only changes which fake (for when the first one is taken by another value): it never
 * becomes part of the fake, so every salted fake keeps the shape too.
 */
export function fakeValue(kind: FakeKind, value: string, salt = ''): string {
  if (POOLED.has(kind)) {
    const pool = POOLS[kind as PooledKind];
    return matchCase(pick(CYRILLIC.test(value) ? pool.cyrillic : pool.latin, kind, `${value}${salt}`), value);
  }
  switch (kind) {
    case 'digits':
      return maskDigits(kind, value, 0, salt);
    case 'phone':
      // Keep the country code's first digit so the number still reads as, e.g., a Russian/Kazakh number.
      return maskDigits(kind, value, 1, salt);
    case 'card-number': {
      const masked = maskDigits(kind, value, 0, salt);
      return masked.replace(/^(\D*)0/, '$14');
    }
    case 'account-number':
      // Letters (an IBAN's country) stay; digits are masked.
      return maskDigits(kind, value, 0, salt);
    case 'email': {
      const local = `user${hashDigits(kind, `${value}${salt}`, 6)}`;
      return `${local}@example.com`;
    }
    case 'date':
      return fakeDate(value, salt);
    default:
      return value;
  }
}

/** True when `value` is already one of this module's fakes (or an obvious placeholder). */
export function isFake(kind: FakeKind, value: string): boolean {
  if (value === '' || value === '<redacted>') return true;
  // No \b: JavaScript word boundaries do not see Cyrillic letters.
  if (POOLED.has(kind)) return ALL_POOLED_VALUES.has(value) || /(test|sample|example|тест|пример)/i.test(value);
  switch (kind) {
    case 'digits':
    case 'account-number':
      return isMaskedDigits(value);
    case 'phone':
      return isMaskedDigits(value, 1);
    case 'card-number':
      return /^\D*4/.test(value) && isMaskedDigits(value.replace(/^(\D*)4/, '$10'));
    case 'email':
      return /@example\.(com|org|net)$/i.test(value);
    case 'date':
      return isFakeDate(value);
    default:
      return false;
  }
}

const NUMERIC_KINDS = new Set<FakeKind>(['digits', 'phone', 'card-number', 'account-number']);

/**
 * A fake for a personal value sent as a JSON number (an IIN or a phone as a number): a number again, with as many
 * digits and the same first digit (a number has no leading zeros to mask with), the rest masked like any digits.
 * `salt` picks another fake when the first one is taken. Undefined when `value` is no such number.
 */
export function fakeNumber(kind: FakeKind, value: number, salt = ''): number | undefined {
  if (!NUMERIC_KINDS.has(kind) || !Number.isSafeInteger(value) || value < 0) return undefined;
  return Number(maskDigits(kind, String(value), 1, salt));
}

/** True when the number `value` is already one of `fakeNumber`'s fakes. */
export function isFakeNumber(kind: FakeKind, value: number): boolean {
  return NUMERIC_KINDS.has(kind) && Number.isSafeInteger(value) && value >= 0 && isMaskedDigits(String(value), 1);
}
