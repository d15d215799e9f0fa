/**
 * Value detectors: personal data recognised by what it looks like, wherever it sits (any field, free text, a URL,
 * a query string, a text body, an object key, a JSON number), not by the field's name. Each finding names the kind of
 * fake that replaces it (./fakes.ts), so detected values get the same shape-keeping fakes as the named rules.
 *
 * Biased towards catching: a false positive costs one fake value, a false negative leaks a person. Fakes are never
 * detected again: every detector skips values `isFake` recognises (digit fakes are zeros but a short tail, so an IIN's
 * fake has month 00 and an INN's fake region 00, neither of which any real number has; e-mail fakes are at
 * example.com).
 */
import { type FakeKind, isFake, isFakeNumber } from './fakes.js';

export type DetectorName = 'iin-bin' | 'inn' | 'passport' | 'phone' | 'email';

export interface Detection {
  /** The personal value as it appears in the (decoded) text. */
  readonly value: string;
  readonly kind: FakeKind;
  readonly detector: DetectorName;
}

const weighted = (digits: readonly number[], weights: readonly number[]) => weights.reduce((sum, w, i) => sum + w * digits[i]!, 0);
const digitsOf = (value: string) => [...value].map(Number);

// Kazakhstan's IIN (persons) and BIN (organisations) share one check digit: the sum of the first 11 digits weighted
// 1..11, modulo 11; when that is 10, a second pass weighted 3..11,1,2; when that is 10 too, the number is never issued.
// Government decree No. 565 of 11 June 2003 (https://adilet.zan.kz/rus/docs/P030000565_); the same algorithm in the
// OECD's TIN sheet for Kazakhstan
// (https://www.oecd.org/tax/automatic-exchange/crs-implementation-and-assistance/tax-identification-numbers/Kazakhstan-TIN.pdf).
const IIN_PASS_1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const IIN_PASS_2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The IIN/BIN check digit of the first 11 digits, or undefined when no number with them is ever issued. */
export function iinCheckDigit(first11: string): number | undefined {
  const digits = digitsOf(first11);
  let check = weighted(digits, IIN_PASS_1) % 11;
  if (check === 10) check = weighted(digits, IIN_PASS_2) % 11;
  return check === 10 ? undefined : check;
}

/**
 * A Kazakh IIN or BIN: 12 digits, the 3rd–4th a month (an IIN starts with the birth date YYMMDD, a BIN with the
 * registration's YYMM), the 12th the check digit.
 */
export function isIinOrBin(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const month = Number(value.slice(2, 4));
  return month >= 1 && month <= 12 && iinCheckDigit(value.slice(0, 11)) === Number(value[11]);
}

// Russian INN: 10 digits for an organisation (one check digit), 12 for a person (two). Each check digit is the
// weighted sum modulo 11, modulo 10. https://ru.wikipedia.org/wiki/Идентификационный_номер_налогоплательщика
// (section "Вычисление контрольных цифр"), also https://zapolnenie.info/algoritm-proverki-inn/.
const INN_10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN_12_FIRST = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN_12_SECOND = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const innCheck = (digits: readonly number[], weights: readonly number[]) => (weighted(digits, weights) % 11) % 10;

/** A Russian INN: 10 or 12 digits with valid check digits; the first two (the region) are never 00. */
export function isInn(value: string): boolean {
  if (!/^(\d{10}|\d{12})$/.test(value) || value.startsWith('00')) return false;
  const digits = digitsOf(value);
  if (digits.length === 10) return innCheck(digits, INN_10) === digits[9];
  return innCheck(digits, INN_12_FIRST) === digits[10] && innCheck(digits, INN_12_SECOND) === digits[11];
}

// Boundaries: a detected number is never part of a longer run of letters or digits (a UUID, a hash, an id).
const B = '(?<![0-9A-Za-z])';
const E = '(?![0-9A-Za-z])';

// Not after a `+`: that is a phone (whose fake, `+400000000770`, could pass an INN's check digits).
const TAX_ID = new RegExp(`(?<![0-9A-Za-z+])(\\d{12}|\\d{10})${E}`, 'g');
// Russian passport: series (4 digits, often written 2+2) and number (6 digits), with a space, a dash or № between
// them: `4510 123456`, `45 10 123456`, `4510 № 123456`. Ten bare digits are left to INN detection and named rules.
const PASSPORT_RU = new RegExp(`${B}\\d{2} ?\\d{2}(?:[\\s-]+|\\s*(?:№|N|No\\.?)\\s*)\\d{6}${E}`, 'g');
// Kazakh passport: N and 8 digits (inferred from published sample documents; no official spelling found).
const PASSPORT_KZ = new RegExp(`${B}[NН]\\d{8}${E}`, 'g');
// A document number named as such in text: `паспорт 4510123456`, `удостоверение личности № 043215678`,
// `ID card 043215678` (inferred: the words people and vendors use; the digits are what gets replaced).
const DOCUMENT_IN_TEXT = /(?:паспорт|passport|удостоверени|уд\.\s*личн|id[\s-]?card|document\s*(?:no\b|number|№)|номер\s+документа|серия)[^0-9\n]{0,24}?(\d[\d ]{4,12}\d)(?![0-9])/giu;
// Phones with a country code: `+7 701 123 45 67`, `+7 (701) 123-45-67`, `+77011234567`, any E.164 `+CC…` of 8–15
// digits.
const PHONE_INTERNATIONAL = new RegExp(`(?<![0-9A-Za-z+])\\+\\d[\\d\\s()-]{6,24}\\d${E}`, 'g');
// Kazakh and Russian numbers without the plus: `87011234567`, `8 (701) 123-45-67`, `7 701 123 45 67`.
const PHONE_NATIONAL = new RegExp(`(?<![0-9A-Za-z+])[78][\\s-]?\\(?\\d{3}\\)?[\\s-]?\\d{3}[\\s-]?\\d{2}[\\s-]?\\d{2}${E}`, 'g');
// Without any country code, grouped as people write them: `(701) 123-45-67`, `701 123 45 67` (separators required:
// ten bare digits are too often something else).
const PHONE_LOCAL = new RegExp(`(?<![0-9A-Za-z+])(?:\\([3-9]\\d{2}\\)\\s?|[3-9]\\d{2}[\\s-])\\d{3}[\\s-]\\d{2}[\\s-]\\d{2}${E}`, 'g');
// Starts only where a run of local-part characters starts: otherwise a long run of digits costs quadratic time.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const EXAMPLE_DOMAIN = /@example\.(?:com|org|net)$/i;

const countDigits = (text: string) => text.replace(/\D/g, '').length;

/** Cuts a phone match that ran into the next number down to at most 15 digits, at a separator. */
function trimPhone(match: string): string | undefined {
  let phone = match;
  while (countDigits(phone) > 15) {
    const cut = phone.search(/[\s()-][^\s()-]*$/);
    if (cut <= 0) return undefined;
    phone = phone.slice(0, cut).replace(/[\s()-]+$/, '');
  }
  return countDigits(phone) >= 8 ? phone : undefined;
}

/** Every personal value the detectors find in `text` as written. */
function detectIn(text: string): Detection[] {
  const found: Detection[] = [];
  const add = (value: string, kind: FakeKind, detector: DetectorName) => {
    // Digit fakes come in two shapes: all zeros but a short tail (text), or a kept first digit then that (phones,
    // and numbers echoed as text). No real IIN, INN, document or phone number has either shape.
    if (kind === 'email' ? !isFake(kind, value) : !isFake('digits', value) && !isFake('phone', value)) found.push({ value, kind, detector });
  };
  for (const [match] of text.matchAll(EMAIL)) if (!EXAMPLE_DOMAIN.test(match)) add(match, 'email', 'email');
  for (const [match] of text.matchAll(TAX_ID)) {
    if (isIinOrBin(match)) add(match, 'digits', 'iin-bin');
    else if (isInn(match)) add(match, 'digits', 'inn');
  }
  for (const [match] of text.matchAll(PASSPORT_RU)) add(match, 'digits', 'passport');
  for (const [match] of text.matchAll(PASSPORT_KZ)) add(match, 'digits', 'passport');
  for (const match of text.matchAll(DOCUMENT_IN_TEXT)) add(match[1]!, 'digits', 'passport');
  for (const [match] of text.matchAll(PHONE_INTERNATIONAL)) {
    const phone = trimPhone(match);
    if (phone) add(phone, 'phone', 'phone');
  }
  for (const [match] of text.matchAll(PHONE_NATIONAL)) add(match, 'phone', 'phone');
  for (const [match] of text.matchAll(PHONE_LOCAL)) add(match, 'phone', 'phone');
  return found;
}

/** `%XX` sequences decoded where they are valid UTF-8; anything else left as it is. */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * The personal values in `text`: as written, percent-decoded (a URL, a query string) and form-decoded (`+` for a
 * space). Values are reported decoded; the redactor replaces their encoded spellings too.
 */
export function detectPersonalValues(text: string): Detection[] {
  const found = detectIn(text);
  if (/%[0-9A-Fa-f]{2}|\+/.test(text)) {
    const decoded = percentDecode(text);
    if (decoded !== text) found.push(...detectIn(decoded));
    const formDecoded = percentDecode(text.replace(/\+/g, ' '));
    if (formDecoded !== text && formDecoded !== decoded) found.push(...detectIn(formDecoded));
  }
  const values = new Set(found.map((d) => d.value));
  return found.filter((d) => values.delete(d.value));
}

/**
 * The kind of fake for a JSON number that is personal data: an IIN/BIN (also one whose leading zeros a number lost:
 * someone born in 2000–2009), an INN (also one of regions 01–09), or a Kazakh/Russian phone of 11 digits starting with 7 or 8. Undefined for
 * anything else, and for numbers that are already fakes.
 */
export function detectPersonalNumber(value: number): { kind: FakeKind; detector: DetectorName } | undefined {
  if (!Number.isSafeInteger(value) || value <= 0) return undefined;
  const text = String(value);
  let found: { kind: FakeKind; detector: DetectorName } | undefined;
  if (text.length >= 9 && isIinOrBin(text.padStart(12, '0'))) found = { kind: 'digits', detector: 'iin-bin' };
  else if (isInn(text) || (text.length === 9 && isInn(`0${text}`)) || (text.length === 11 && isInn(`0${text}`))) found = { kind: 'digits', detector: 'inn' };
  else if (text.length === 11 && /^[78]/.test(text)) found = { kind: 'phone', detector: 'phone' };
  return found && !isFakeNumber(found.kind, value) ? found : undefined;
}
