import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanFileName, hasBinaryControl, limitProblem, textType } from '../../src/domain/evidence.js';

const limits = { fileBytes: 1000, filesPerItem: 3, auditBytes: 5000 };

describe('textType', () => {
  it.each([
    ['a sentence', 'Gesproken met de teamleider.', 'text/plain'],
    ['semicolon CSV', 'a;b;c\n1;2;3\n4;5;6\n', 'text/csv'],
    ['comma CSV with CRLF', 'a,b\r\n1,2\r\n', 'text/csv'],
    ['lines with different field counts', 'a,b\nc\n', 'text/plain'],
    ['UTF-8 accents', 'Contrôle qualité — été', 'text/plain'],
  ])('when %s, then %s', (_case, text, expected) => {
    expect(textType(Buffer.from(text))).toBe(expected);
  });

  it('when the bytes are not UTF-8, have control characters or are empty, then they are no text', () => {
    expect(textType(Buffer.from([0xff, 0xfe, 0x41]))).toBeNull();
    expect(textType(Buffer.from('abc\u0000def'))).toBeNull();
    expect(textType(Buffer.alloc(0))).toBeNull();
  });

  it('when any string is encoded as UTF-8 without control characters, then it is text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !hasBinaryControl(s)),
        (s) => {
          expect(textType(Buffer.from(s))).not.toBeNull();
        },
      ),
    );
  });
});

describe('limitProblem', () => {
  it.each([
    ['within every limit', 500, { filesOnItem: 2, auditBytes: 4000 }, null],
    ['one byte over the file limit', 1001, { filesOnItem: 0, auditBytes: 0 }, 'evidence_file_too_large'],
    ['the item full', 10, { filesOnItem: 3, auditBytes: 0 }, 'evidence_too_many_files'],
    ['the audit full', 600, { filesOnItem: 0, auditBytes: 4500 }, 'evidence_audit_full'],
    ['exactly at the audit limit', 500, { filesOnItem: 0, auditBytes: 4500 }, null],
  ])('when %s, then %s', (_case, size, usage, expected) => {
    expect(limitProblem(size, usage, limits)?.code ?? null).toBe(expected);
  });
});

describe('cleanFileName', () => {
  it.each([
    ['C:\\fakepath\\foto.jpg', 'foto.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b\r\n.txt', 'ab.txt'],
    ['', 'file'],
    ['x'.repeat(300), 'x'.repeat(200)],
  ])('when %j is given, then %j is kept', (raw, expected) => {
    expect(cleanFileName(raw)).toBe(expected);
  });
});
