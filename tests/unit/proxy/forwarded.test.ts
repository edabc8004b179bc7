/**
 * RFC 7239 Forwarded: the grammar of §4 and §6, and every malformed item reported, never thrown.
 */
import { describe, expect, test } from 'vitest'
import { type ForwardedErrorCode, parseForwarded } from '../../../server/proxy/forwarded.ts'

describe('parseForwarded: valid headers', () => {
  test('reads for, proto and by of one element (RFC 7239 §4 example)', () => {
    const { elements, errors } = parseForwarded('for=192.0.2.60;proto=http;by=203.0.113.43')
    expect(errors).toEqual([])
    expect(elements).toEqual([
      {
        index: 0,
        line: 0,
        text: 'for=192.0.2.60;proto=http;by=203.0.113.43',
        for: '192.0.2.60',
        proto: 'http',
        by: '203.0.113.43',
        forNode: { kind: 'ipv4', name: '192.0.2.60' },
        byNode: { kind: 'ipv4', name: '203.0.113.43' },
        extensions: [],
        valid: true,
      },
    ])
  })

  test('splits several elements, leftmost first', () => {
    const { elements } = parseForwarded('for=192.0.2.43, for=198.51.100.17')
    expect(elements.map((e) => [e.index, e.for])).toEqual([
      [0, '192.0.2.43'],
      [1, '198.51.100.17'],
    ])
  })

  test('joins several header lines in order and says which line each element came from', () => {
    const { elements, errors } = parseForwarded([
      'for=192.0.2.43;proto=https, for=198.51.100.17',
      'for="[2001:db8:cafe::17]:4711"',
    ])
    expect(errors).toEqual([])
    expect(elements.map((e) => [e.index, e.line, e.for])).toEqual([
      [0, 0, '192.0.2.43'],
      [1, 0, '198.51.100.17'],
      [2, 1, '[2001:db8:cafe::17]:4711'],
    ])
  })

  test('unquotes a bracketed IPv6 address with a port', () => {
    const [element] = parseForwarded('For="[2001:db8:cafe::17]:4711"').elements
    expect(element?.forNode).toEqual({ kind: 'ipv6', name: '2001:db8:cafe::17', port: '4711' })
    expect(element?.valid).toBe(true)
  })

  test('reads a quoted IPv4 address with a port', () => {
    const [element] = parseForwarded('for="192.0.2.43:47011"').elements
    expect(element?.forNode).toEqual({ kind: 'ipv4', name: '192.0.2.43', port: '47011' })
  })

  test('accepts "unknown" and obfuscated identifiers, ports included (§6.2, §6.3)', () => {
    const { elements, errors } = parseForwarded(
      'for=unknown, for=_hidden, for="_gazonk", for="192.0.2.43:_p1", by="unknown:8080"'
    )
    expect(errors).toEqual([])
    expect(elements.map((e) => e.forNode ?? e.byNode)).toEqual([
      { kind: 'unknown', name: 'unknown' },
      { kind: 'obfuscated', name: '_hidden' },
      { kind: 'obfuscated', name: '_gazonk' },
      { kind: 'ipv4', name: '192.0.2.43', port: '_p1' },
      { kind: 'unknown', name: 'unknown', port: '8080' },
    ])
  })

  test('reads host and proto, quoted host with a port', () => {
    const [element] = parseForwarded('proto=https;host="public.example:8443"').elements
    expect(element).toMatchObject({ proto: 'https', host: 'public.example:8443', valid: true })
  })

  test('lower-cases parameter names and keeps extensions', () => {
    const [element] = parseForwarded('FOR=192.0.2.1;Secret="a;b,c";PROTO=https').elements
    expect(element).toMatchObject({
      for: '192.0.2.1',
      proto: 'https',
      extensions: [['secret', 'a;b,c']],
      valid: true,
    })
  })

  test('unescapes quoted-pairs', () => {
    const [element] = parseForwarded('ext="a\\"b"').elements
    expect(element?.extensions).toEqual([['ext', 'a"b']])
  })

  test('skips empty elements and empty pairs', () => {
    const { elements, errors } = parseForwarded('for=192.0.2.1;;proto=http, ,for=192.0.2.2')
    expect(errors).toEqual([])
    expect(elements.map((e) => e.for)).toEqual(['192.0.2.1', '192.0.2.2'])
  })

  test('an empty header has no elements', () => {
    expect(parseForwarded('')).toEqual({ elements: [], errors: [] })
  })
})

describe('parseForwarded: malformed items are reported, not thrown', () => {
  const cases: Array<{
    name: string
    value: string
    code: ForwardedErrorCode
    parameter?: string
  }> = [
    { name: 'unquoted IPv6', value: 'for=[2001:db8::1]', code: 'unquoted-ipv6', parameter: 'for' },
    { name: 'unquoted bare IPv6', value: 'for=2001:db8::1', code: 'unquoted-ipv6' },
    { name: 'IPv6 without brackets', value: 'for="2001:db8::1"', code: 'ipv6-needs-brackets' },
    { name: 'unquoted port', value: 'for=192.0.2.43:80', code: 'needs-quotes' },
    { name: "missing '='", value: 'for', code: 'missing-equals' },
    { name: "whitespace around '='", value: 'for = 1.2.3.4', code: 'whitespace-around-equals' },
    { name: "whitespace before '='", value: 'for =1.2.3.4', code: 'whitespace-around-equals' },
    { name: 'duplicate parameter', value: 'for=1.2.3.4;for=5.6.7.8', code: 'duplicate-parameter' },
    { name: 'invalid node', value: 'for=x-foo', code: 'invalid-node', parameter: 'for' },
    { name: 'invalid by node', value: 'by=example.com', code: 'invalid-node', parameter: 'by' },
    { name: 'IPv4 in brackets', value: 'for="[192.0.2.1]"', code: 'invalid-node' },
    { name: 'bad port', value: 'for="192.0.2.1:123456"', code: 'invalid-node' },
    { name: 'bad proto', value: 'proto="https:"', code: 'bad-proto', parameter: 'proto' },
    { name: 'proto that is not a scheme', value: 'proto="1http"', code: 'bad-proto' },
    { name: 'bad host', value: 'host="a b"', code: 'bad-host' },
    { name: 'unclosed quote', value: 'for="192.0.2.1', code: 'unclosed-quote' },
    { name: 'text after the closing quote', value: 'for="192.0.2.1"x', code: 'bad-value' },
    { name: 'empty value', value: 'for=', code: 'empty-value' },
    { name: 'bad parameter name', value: 'f(r=1.2.3.4', code: 'bad-parameter-name' },
    { name: 'space inside a token', value: 'for=1.2.3.4 5', code: 'bad-value' },
  ]

  test.each(cases)('$name: $value', ({ value, code, parameter }) => {
    const { elements, errors } = parseForwarded(value)
    expect(errors.map((e) => e.code)).toContain(code)
    const error = errors.find((e) => e.code === code)
    expect(error?.severity).toBe('error')
    expect(error?.element).toBe(0)
    expect(error?.message.length).toBeGreaterThan(10)
    if (parameter) expect(error?.parameter).toBe(parameter)
    expect(elements[0]?.valid).toBe(false)
  })

  test('an error in one element leaves the others valid', () => {
    const { elements, errors } = parseForwarded('for=[::1], for=192.0.2.1')
    expect(elements.map((e) => e.valid)).toEqual([false, true])
    expect(errors.map((e) => e.element)).toEqual([0])
  })

  test('whitespace around ";" is a warning and the element stays usable', () => {
    const { elements, errors } = parseForwarded('for=192.0.2.1; proto=https')
    expect(errors).toMatchObject([{ code: 'whitespace-around-semicolon', severity: 'warning' }])
    expect(elements[0]).toMatchObject({ proto: 'https', valid: true })
  })

  test('keeps the first value of a duplicate parameter', () => {
    const [element] = parseForwarded('for=1.2.3.4;FOR=5.6.7.8').elements
    expect(element?.for).toBe('1.2.3.4')
  })

  test('an unclosed quote in one line does not swallow the next line', () => {
    const { elements } = parseForwarded(['for="192.0.2.1', 'for=192.0.2.2'])
    expect(elements.map((e) => [e.for, e.valid])).toEqual([
      ['192.0.2.1', false],
      ['192.0.2.2', true],
    ])
  })
})
