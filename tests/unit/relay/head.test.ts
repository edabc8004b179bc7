/**
 * The head tokenizer: byte ranges of the request-line parts and header lines, tolerant of
 * every malformation, since raw mode sends anything.
 */
import { describe, expect, test } from 'vitest'
import type { ByteRange } from '../../../server/contract/api/send.ts'
import { latin1Bytes } from '../../../server/contract/http.ts'
import { rangeText, tokenizeHead } from '../../../server/relay/head.ts'

function tokens(raw: string) {
  const bytes = latin1Bytes(raw)
  const head = tokenizeHead(bytes)
  const at = (range: ByteRange | undefined) => (range ? rangeText(bytes, range) : undefined)
  return {
    head,
    method: at(head.requestLine?.method),
    target: at(head.requestLine?.target),
    version: at(head.requestLine?.version),
    extra: head.requestLine?.extra.map(at),
    headers: head.headers.map((h) => [at(h.name), at(h.value), h.problem ?? null]),
    body: head.bodyStart === null ? null : raw.slice(head.bodyStart),
  }
}

describe('tokenizeHead', () => {
  const cases = [
    {
      name: 'splits a plain request',
      raw: 'GET /a?b HTTP/1.1\r\nHost: x\r\nX-A:  1 \r\n\r\nbody',
      want: {
        method: 'GET',
        target: '/a?b',
        version: 'HTTP/1.1',
        headers: [
          ['Host', 'x', null],
          ['X-A', '1', null],
        ],
        body: 'body',
      },
    },
    {
      name: 'skips empty lines before the request line, as Node does',
      raw: '\r\n\r\nGET / HTTP/1.1\r\n\r\n',
      want: { method: 'GET', target: '/', headers: [], body: '' },
    },
    {
      name: 'accepts bare LF line endings',
      raw: 'GET / HTTP/1.0\nA: 1\n\n',
      want: { version: 'HTTP/1.0', headers: [['A', '1', null]], body: '' },
    },
    {
      name: 'marks a line without a colon',
      raw: 'GET / HTTP/1.1\r\nNo colon\r\n\r\n',
      want: { headers: [['No colon', '', 'no-colon']] },
    },
    {
      name: 'marks whitespace before the colon',
      raw: 'GET / HTTP/1.1\r\nX-Sp : v\r\n\r\n',
      want: { headers: [['X-Sp', 'v', 'whitespace-before-colon']] },
    },
    {
      name: 'marks an obs-fold continuation line',
      raw: 'GET / HTTP/1.1\r\nX-Fold: a\r\n  b\r\n\r\n',
      want: {
        headers: [
          ['X-Fold', 'a', null],
          ['', 'b', 'obs-fold'],
        ],
      },
    },
    {
      name: 'marks an empty header name',
      raw: 'GET / HTTP/1.1\r\n: v\r\n\r\n',
      want: { headers: [['', 'v', 'empty-name']] },
    },
    {
      name: 'keeps extra words and collapses runs of spaces in the request line',
      raw: 'GET  /a b  HTTP/1.1\r\n\r\n',
      want: { method: 'GET', target: '/a', version: 'b', extra: ['HTTP/1.1'] },
    },
    {
      name: 'reads a two-word (HTTP/0.9) request line',
      raw: 'GET /x\r\n\r\n',
      want: { method: 'GET', target: '/x', version: undefined },
    },
    {
      name: 'has no body start when the head never ends',
      raw: 'GET / HTTP/1.1\r\nHost: x\r\n',
      want: { headers: [['Host', 'x', null]], body: null },
    },
    {
      name: 'keeps non-ASCII bytes as latin-1',
      raw: 'GET /caf\xe9 HTTP/1.1\r\nX-\xe9: \xff\r\n\r\n',
      want: { target: '/caf\xe9', headers: [['X-\xe9', '\xff', null]] },
    },
  ]
  test.each(cases)('$name', ({ raw, want }) => {
    expect(tokens(raw)).toMatchObject(want)
  })

  test('reports the line endings it saw', () => {
    expect(tokenizeHead(latin1Bytes('GET / HTTP/1.1\r\n\r\n')).lineEndings).toBe('crlf')
    expect(tokenizeHead(latin1Bytes('GET / HTTP/1.1\n\n')).lineEndings).toBe('lf')
    expect(tokenizeHead(latin1Bytes('GET / HTTP/1.1\r\nA: 1\n\r\n')).lineEndings).toBe('mixed')
  })

  test('finds no request line in empty or blank input', () => {
    expect(tokenizeHead(new Uint8Array(0)).requestLine).toBeNull()
    expect(tokenizeHead(latin1Bytes('\r\n')).requestLine).toBeNull()
  })

  test('gives ranges that index the bytes and exclude line endings', () => {
    const raw = 'POST /p HTTP/1.1\r\nA: b\r\n\r\nxyz'
    const head = tokenizeHead(latin1Bytes(raw))
    expect(head.requestLine?.range).toEqual([0, 16])
    expect(head.headers[0]?.range).toEqual([18, 22])
    expect(head.bodyStart).toBe(26)
  })
})
