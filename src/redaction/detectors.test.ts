import { describe, expect, it } from 'vitest';
import { detectPersonalNumber, detectPersonalValues, iinCheckDigit, isIinOrBin, isInn } from './detectors.js';
import { fakeNumber, fakeValue } from './fakes.js';

// Made-up numbers with valid check digits (computed by hand from the published algorithms).
const IIN = '870412300129'; // born 1987-04-12; first pass gives 9
const IIN_SECOND_PASS = '870412300005'; // first pass gives 10, second 5
const IIN_2000S = '050101500127'; // born 2005: as a JSON number it loses its leading zero
const BIN = '980501400012';
const INN_10 = '7707083893';
const INN_12 = '500100732259';

const values = (text: string) => detectPersonalValues(text).map((d) => [d.detector, d.value]);

describe('check digits', () => {
  it('IIN/BIN: weights 1..11 modulo 11, then 3..11,1,2 when the first pass gives 10; never issued when both do', () => {
    expect(iinCheckDigit('87041230012')).toBe(9);
    expect(iinCheckDigit('87041230000')).toBe(5);
    expect(iinCheckDigit('87041230008')).toBeUndefined();
    for (const valid of [IIN, IIN_SECOND_PASS, IIN_2000S, BIN]) expect(isIinOrBin(valid), valid).toBe(true);
    expect(isIinOrBin('870412300128')).toBe(false); // wrong check digit
    expect(isIinOrBin('871312300125')).toBe(false); // month 13
    expect(isIinOrBin('87041230012')).toBe(false);
  });

  it('INN: 10 digits with one check digit, 12 with two; never region 00', () => {
    expect(isInn(INN_10)).toBe(true);
    expect(isInn(INN_12)).toBe(true);
    expect(isInn('7707083894')).toBe(false);
    expect(isInn('500100732258')).toBe(false);
    expect(isInn('500100732269')).toBe(false);
    expect(isInn('0007083893')).toBe(false);
  });
});

describe('detectPersonalValues', () => {
  it('finds IINs, BINs and INNs in free text, but not inside longer runs of digits or letters', () => {
    expect(values(`ИИН ${IIN}, БИН ${BIN}; INN=${INN_10}/${INN_12}`)).toEqual([
      ['iin-bin', IIN],
      ['iin-bin', BIN],
      ['inn', INN_10],
      ['inn', INN_12],
    ]);
    expect(values(`x${IIN} ${IIN}1 id-a${INN_10}`)).toEqual([]);
  });

  it('finds Russian passports in their usual spellings, Kazakh passports and document numbers named in text', () => {
    expect(values('4510 123456; 45 10 123456; 4510 № 123456, 4510-654321')).toEqual([
      ['passport', '4510 123456'],
      ['passport', '45 10 123456'],
      ['passport', '4510 № 123456'],
      ['passport', '4510-654321'],
    ]);
    expect(values('N12345678')).toEqual([['passport', 'N12345678']]);
    expect(values('passport N12345678')).toContainEqual(['passport', 'N12345678']);
    expect(values('удостоверение личности № 043215678')).toEqual([['passport', '043215678']]);
    expect(values('ID card: 043215678')).toEqual([['passport', '043215678']]);
  });

  it('finds phones with and without the country code, and E.164 numbers of other countries', () => {
    expect(values('+7 (701) 123-45-67')).toContainEqual(['phone', '+7 (701) 123-45-67']);
    // (Parts of a longer find, `(701) 123-45-67`, are found too: the redactor replaces the longest first.)
    expect(values('87011234567, 8 (701) 123-45-67, 8-916-123-45-67')).toEqual(
      expect.arrayContaining([
        ['phone', '87011234567'],
        ['phone', '8 (701) 123-45-67'],
        ['phone', '8-916-123-45-67'],
      ]),
    );
    expect(values('+442071234567')).toContainEqual(['phone', '+442071234567']);
    expect(values('тел. (701) 123-45-67, 701 123 45 67')).toEqual([
      ['phone', '(701) 123-45-67'],
      ['phone', '701 123 45 67'],
    ]);
    expect(values('7011234567 2024 01 15 12:30')).toEqual([]);
    // A phone that runs into the next number is cut at a separator, to at most 15 digits.
    expect(values('+7 701 123 45 67 1990 12345')).toContainEqual(['phone', '+7 701 123 45 67 1990']);
  });

  it('finds e-mail addresses outside example domains, also percent- or form-encoded in URLs and query strings', () => {
    expect(values('write to ivan.petrov@mail.ru or user000123@example.com')).toEqual([['email', 'ivan.petrov@mail.ru']]);
    expect(values('/find?email=ivan%40mail.ru&phone=%2B7+701+123+45+67')).toEqual(
      expect.arrayContaining([
        ['email', 'ivan@mail.ru'],
        ['phone', '+7 701 123 45 67'],
      ]),
    );
  });

  it('leaves dates, time zones, UUIDs, amounts and short numbers alone', () => {
    expect(values('1987-04-12+06:00 5b3c2a10-0000-4000-8000-000000000000 1500.00 id 3692 +06:00 2024-01-15')).toEqual([]);
  });

  it('never finds a fake again', () => {
    for (const [kind, value] of [
      ['digits', IIN],
      ['digits', BIN],
      ['digits', INN_10],
      ['digits', INN_12],
      ['digits', '4510 123456'],
      ['digits', 'N12345678'],
      ['phone', '+7 (701) 123-45-67'],
      ['phone', '87011234567'],
      ['phone', '(701) 123-45-67'],
      ['email', 'ivan@mail.ru'],
    ] as const) {
      for (const salt of ['', '#1', '#2']) expect(detectPersonalValues(fakeValue(kind, value, salt)), `${value}${salt}`).toEqual([]);
    }
    // A foreign phone's fake whose digits pass an INN's check digits; a number fake echoed as text.
    expect(detectPersonalValues('+400000000770')).toEqual([]);
    expect(detectPersonalValues(`id ${fakeNumber('digits', Number(INN_12))}`)).toEqual([]);
  });
});

describe('detectPersonalNumber', () => {
  it('finds IINs (also without their leading zero), INNs and 11-digit 7/8 phones sent as numbers', () => {
    expect(detectPersonalNumber(Number(IIN))).toEqual({ kind: 'digits', detector: 'iin-bin' });
    expect(detectPersonalNumber(Number(IIN_2000S))).toEqual({ kind: 'digits', detector: 'iin-bin' });
    expect(detectPersonalNumber(Number(INN_10))).toEqual({ kind: 'digits', detector: 'inn' });
    expect(detectPersonalNumber(Number(INN_12))).toEqual({ kind: 'digits', detector: 'inn' });
    expect(detectPersonalNumber(77011234567)).toEqual({ kind: 'phone', detector: 'phone' });
  });

  it('leaves other numbers and fakes alone', () => {
    for (const n of [200, 3692, 1500.5, -77011234567, 12345678901, Number('870412300128')]) expect(detectPersonalNumber(n), String(n)).toBeUndefined();
    expect(detectPersonalNumber(fakeNumber('digits', Number(IIN))!)).toBeUndefined();
    expect(detectPersonalNumber(fakeNumber('phone', 77011234567)!)).toBeUndefined();
  });
});
