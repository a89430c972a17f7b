import { describe, expect, it } from 'vitest';

import { encodeCsvField, encodeCsvRow } from '../../src/main/core/store/csv.ts';

describe('encodeCsvField', () => {
  it('writes null as an empty field', () => {
    expect(encodeCsvField(null)).toBe('');
  });

  it('writes numbers plain, negative ones included', () => {
    expect(encodeCsvField(429)).toBe('429');
    expect(encodeCsvField(-12.5)).toBe('-12.5');
  });

  it('leaves plain text alone', () => {
    expect(encodeCsvField('rate_limit')).toBe('rate_limit');
  });

  it('quotes commas, quotes, CR and LF and doubles quotes', () => {
    expect(encodeCsvField('a,b')).toBe('"a,b"');
    expect(encodeCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(encodeCsvField('line\nbreak')).toBe('"line\nbreak"');
    expect(encodeCsvField('carriage\rreturn')).toBe('"carriage\rreturn"');
  });

  it.each([
    ['=HYPERLINK("http://127.0.0.1")', `"'=HYPERLINK(""http://127.0.0.1"")"`],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tindent', "'\tindent"],
    ['\rreturn', `"'\rreturn"`],
  ])('neutralises the formula %j', (text, encoded) => {
    expect(encodeCsvField(text)).toBe(encoded);
  });

  it('keeps numeric text plain', () => {
    expect(encodeCsvField('-42')).toBe('-42');
    expect(encodeCsvField('-1.5e3')).toBe('-1.5e3');
  });
});

describe('encodeCsvRow', () => {
  it('joins fields with commas and ends with CRLF', () => {
    expect(encodeCsvRow(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });
});
