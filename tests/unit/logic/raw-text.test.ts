import { execFileSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { printfOf } from '../../../web/logic/curl.ts'
import { RAW_PRESETS } from '../../../web/logic/raw-presets.ts'
import { bytesToLatin1, rawBytes, rawText, toBase64 } from '../../../web/logic/raw-text.ts'

const latin1 = (text: string) => bytesToLatin1(rawBytes(text))

describe('rawBytes', () => {
  test.each([
    ['a line break is CRLF', 'GET / HTTP/1.1\nHost: h\n\n', 'GET / HTTP/1.1\r\nHost: h\r\n\r\n'],
    [
      'a line ending in \\n is a bare LF',
      'GET / HTTP/1.1\\n\nHost: h\\n\n\\n\n',
      'GET / HTTP/1.1\nHost: h\n\n',
    ],
    ['a line ending in \\r is a bare CR', 'A\\r\nB', 'A\rB'],
    ['escapes write any byte', 'x\\t\\0\\x7f\\xFF\\\\', 'x\t\0\x7f\xff\\'],
    ['an unknown escape stays literal', 'a\\qb \\x4 \\xZZ', 'a\\qb \\x4 \\xZZ'],
    ['an escaped backslash before n is not a line ending', 'a\\\\n\nb', 'a\\n\r\nb'],
    ['non-ASCII goes out as UTF-8', 'é', '\xc3\xa9'],
    ['CRLF pasted into the text counts once', 'a\r\nb', 'a\r\nb'],
    ['no line break at the end, none sent', 'GET', 'GET'],
  ])('%s', (_name, text, bytes) => {
    expect(latin1(text)).toBe(bytes)
  })
})

describe('rawText', () => {
  const samples = [
    'GET / HTTP/1.1\r\nHost: h\r\n\r\n',
    'GET / HTTP/1.1\nHost: h\n\n',
    'mixed\r\nbare\ncr\ronly\\back\x00\x01\x7f\t',
    'caf\xc3\xa9 half \xc3 and \xff\xfe',
    '\n\n\r\r\n',
  ]
  test.each(samples)('round-trips through rawBytes: %j', (sample) => {
    const bytes = Uint8Array.from(sample, (ch) => ch.charCodeAt(0))
    expect(latin1(rawText(bytes))).toBe(sample)
  })

  test('round-trips any bytes (seeded random, weighted to CR, LF and backslash)', () => {
    let seed = 7
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed
    }
    const alphabet = [0x0d, 0x0a, 0x5c, 0x72, 0x6e, 0x78, 0x41, 0x00, 0xc3, 0xa9, 0xff, 0x09]
    for (let round = 0; round < 500; round++) {
      const bytes = Uint8Array.from({ length: next() % 24 }, () =>
        next() % 3 === 0 ? next() % 256 : (alphabet[next() % alphabet.length] as number)
      )
      expect(rawBytes(rawText(bytes))).toEqual(bytes)
    }
  })

  test('writes CRLF as a plain line break, a bare LF as \\n and a line break', () => {
    const bytes = Uint8Array.from('A\r\nB\nC', (ch) => ch.charCodeAt(0))
    expect(rawText(bytes)).toBe('A\nB\\n\nC')
  })

  test('decodes well-formed UTF-8, escapes the rest', () => {
    const bytes = Uint8Array.from('\xc3\xa9\xc3', (ch) => ch.charCodeAt(0))
    expect(rawText(bytes)).toBe('é\\xC3')
  })
})

test('toBase64 is the standard encoding of the bytes', () => {
  const bytes = rawBytes('\\xFF\\x00a')
  expect(Buffer.from(toBase64(bytes), 'base64')).toEqual(Buffer.from([0xff, 0x00, 0x61]))
})

test.each(RAW_PRESETS)('the $title preset is a request with the flaw it names', (preset) => {
  const bytes = latin1(preset.text)
  expect(bytes).toMatch(/^(GET|POST) \/ HTTP\/1\.1/)
  const flaws: Record<string, RegExp> = {
    'cl-te': /\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n/,
    'two-lengths': /Content-Length: 3\r\nContent-Length: 5\r\n/,
    'obs-fold': /\r\n {2}second\r\n/,
    'bare-lf': /^[^\r]*$/,
    'no-colon': /\r\nNo colon here\r\n/,
  }
  expect(bytes).toMatch(flaws[preset.id] ?? /never/)
})

test('printfOf writes exactly the bytes, in a POSIX shell', () => {
  const bytes = rawBytes("a%b\\\\c'd\\r\\n\\x00\\xFF")
  expect(execFileSync('sh', ['-c', printfOf(bytes)])).toEqual(Buffer.from(bytes))
})
