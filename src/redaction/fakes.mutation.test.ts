/** The shape rules of each kind of fake, named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { fakeNumber, fakeValue, isFake } from './fakes.js';

const many = (n: number) => Array.from({ length: n }, (_, i) => `value-${i}`);

describe('fakeValue shapes', () => {
  it('digits: zeros but a hashed tail of a third of the digits (at most 4), separators kept', () => {
    expect(fakeValue('digits', '010203040506')).toMatch(/^0{8}\d{4}$/);
    expect(fakeValue('digits', '123456')).toMatch(/^0{4}\d{2}$/);
    expect(fakeValue('digits', '12-34')).toMatch(/^00-0\d$/);
    expect(fakeValue('digits', 'A1')).toBe('A0');
  });

  it('phone: keeps the first digit (the country), masks the rest', () => {
    expect(fakeValue('phone', '+77001234567')).toMatch(/^\+70{7}\d{3}$/);
    expect(fakeValue('phone', '8 (900) 123-45-67')).toMatch(/^8 \(000\) 000-0\d-\d\d$/);
  });

  it('card numbers start with 4, account numbers keep their letters', () => {
    expect(fakeValue('card-number', '5375 4114 2296 2063')).toMatch(/^4000 0000 0000 \d{4}$/);
    expect(fakeValue('card-number', 'No. 5375411422962063')).toMatch(/^No\. 4000000000\d{6}$/);
    expect(fakeValue('account-number', 'UA383220010000026200330646508')).toMatch(/^UA0{23}\d{4}$/);
  });

  it('e-mail: user plus six digits at example.com', () => {
    expect(fakeValue('email', 'ivan@mail.ru')).toMatch(/^user\d{6}@example\.com$/);
  });

  it('dates: year 1900, a month 1–12 and a day 1–28 from the hash, the format and any suffix kept', () => {
    expect(fakeValue('date', '1985-03-04')).toMatch(/^1900-\d\d-\d\d$/);
    expect(fakeValue('date', '04.03.1985')).toMatch(/^\d\d\.\d\d\.1900$/);
    expect(fakeValue('date', '1985-03-04T10:00:00Z')).toMatch(/^1900-\d\d-\d\dT10:00:00Z$/);
    expect(fakeValue('date', '04.03.1985 г.')).toMatch(/^\d\d\.\d\d\.1900 г\.$/);
    expect(fakeValue('date', 'March 4')).toBe('1900-01-01');
    const months = new Set<number>();
    const days = new Set<number>();
    for (const value of many(600)) {
      const [, month, day] = /^1900-(\d\d)-(\d\d)/.exec(fakeValue('date', `1985-01-01${value}`))!;
      months.add(Number(month));
      days.add(Number(day));
      const [dotDay, dotMonth] = fakeValue('date', `01.01.1985${value}`).split('.');
      months.add(Number(dotMonth));
      days.add(Number(dotDay));
    }
    expect([Math.min(...months), Math.max(...months), months.size]).toEqual([1, 12, 12]);
    expect([Math.min(...days), Math.max(...days), days.size]).toEqual([1, 28, 28]);
  });

  it('names, addresses and text: from the pool of the same script, upper case for upper case', () => {
    expect(['Тестов', 'Образцов', 'Примеров', 'Пробный']).toContain(fakeValue('surname', 'Иванов'));
    expect(['Snow', 'Doe', 'Testov', 'Sample']).toContain(fakeValue('surname', 'Smith'));
    expect(['SNOW', 'DOE', 'TESTOV', 'SAMPLE']).toContain(fakeValue('surname', 'SMITH'));
    expect(['ТЕСТОВ', 'ОБРАЗЦОВ', 'ПРИМЕРОВ', 'ПРОБНЫЙ']).toContain(fakeValue('surname', 'ИВАНОВ'));
    expect(['John', 'Jane', 'Test', 'Sample']).toContain(fakeValue('given-name', 'Ivan'));
    expect(['Snow', 'Doe', 'Testov', 'Sample']).toContain(fakeValue('surname', '12345'));
    const used = new Set(many(100).map((v) => fakeValue('surname', v)));
    expect(used).toEqual(new Set(['Snow', 'Doe', 'Testov', 'Sample']));
  });

  it('is deterministic, and a salt picks another fake of the same shape', () => {
    expect(fakeValue('digits', '010203040506')).toBe(fakeValue('digits', '010203040506'));
    const salted = many(20).map((v) => [fakeValue('email', v), fakeValue('email', v, '#1')]);
    expect(salted.filter(([a, b]) => a !== b).length).toBeGreaterThan(15);
    for (const [, b] of salted) expect(b).toMatch(/^user\d{6}@example\.com$/);
    expect(fakeValue('phone', '+77001234567', '#2')).toMatch(/^\+70{7}\d{3}$/);
    expect(fakeValue('card-number', '5375411422962063', '#2')).toMatch(/^4000{9}\d{4}$/);
  });
});

describe('isFake', () => {
  it('calls empty values and <redacted> fake, whatever the kind', () => {
    for (const kind of ['digits', 'email', 'surname', 'date'] as const) {
      expect(isFake(kind, '')).toBe(true);
      expect(isFake(kind, '<redacted>')).toBe(true);
    }
  });

  it('knows pool members in any case and obvious test words', () => {
    for (const value of ['Snow', 'SNOW', 'snow', 'Mr TESTER', 'Примеров', 'тестовый', 'Example Corp', 'sample']) expect(isFake('surname', value), value).toBe(true);
    for (const value of ['Ivan', 'Иванов', 'Snowden']) expect(isFake('surname', value), value).toBe(false);
  });

  it('knows masked digits: zeros before a short tail', () => {
    expect(isFake('digits', '000000003043')).toBe(true);
    expect(isFake('digits', '000023')).toBe(true);
    expect(isFake('digits', '000123')).toBe(false);
    expect(isFake('digits', 'no digits')).toBe(false);
    expect(isFake('account-number', 'UA000000000000000000000005339')).toBe(true);
    expect(isFake('account-number', 'UA383220010000026200330646508')).toBe(false);
  });

  it('knows masked phones by everything after the first digit, and cards by their 4', () => {
    expect(isFake('phone', '+90000000114')).toBe(true);
    expect(isFake('phone', '+77001234567')).toBe(false);
    expect(isFake('card-number', '4000 0000 0000 4543')).toBe(true);
    expect(isFake('card-number', '5000 0000 0000 4543')).toBe(false);
    expect(isFake('card-number', '4000 1234 0000 4543')).toBe(false);
  });

  it('knows example e-mail domains and 1900 dates, and nothing for other kinds', () => {
    for (const value of ['a@example.com', 'a@EXAMPLE.ORG', 'a@example.net']) expect(isFake('email', value), value).toBe(true);
    for (const value of ['a@example.com.evil.test', 'a@mail.ru']) expect(isFake('email', value), value).toBe(false);
    expect(isFake('date', '1900-05-05')).toBe(true);
    expect(isFake('date', '05.05.1900')).toBe(true);
    expect(isFake('date', '1901-01-01')).toBe(false);
    expect(isFake('date', '01.01.1901')).toBe(false);
  });
});

describe('fakeNumber', () => {
  it('fakes non-negative safe integers of numeric kinds as numbers of as many digits, first digit kept', () => {
    expect(String(fakeNumber('digits', 77001234567))).toMatch(/^70{7}\d{3}$/);
    expect(String(fakeNumber('phone', 123))).toMatch(/^10\d$/);
    expect(fakeNumber('card-number', 0)).toBe(0);
    expect(String(fakeNumber('account-number', 987654, '#1'))).toMatch(/^90{3}\d{2}$/);
  });

  it('is undefined for other kinds and other numbers', () => {
    expect(fakeNumber('surname', 5)).toBeUndefined();
    expect(fakeNumber('date', 19850304)).toBeUndefined();
    expect(fakeNumber('digits', -5)).toBeUndefined();
    expect(fakeNumber('digits', 1.5)).toBeUndefined();
    expect(fakeNumber('digits', 2 ** 60)).toBeUndefined();
  });
});
