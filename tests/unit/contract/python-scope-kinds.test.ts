import { describe, expect, it } from 'vitest'
import { pyStr } from '../../../server/contract/python.ts'
import { unquoteUtf8 } from '../../../server/gateway/target.ts'

describe('the Python kinds an ASGI scope holds', () => {
  it('prints bytes, lists of tuples and nested dicts as str() does', () => {
    expect(pyStr({ pyBytes: '/a b' })).toBe("b'/a b'")
    expect(pyStr({ pyBytes: "it's\xff" })).toBe('b"it\'s\\xff"')
    expect(
      pyStr({ pyList: [{ pyTuple: [{ pyBytes: 'host' }, { pyBytes: 'example.com' }] }] })
    ).toBe("[(b'host', b'example.com')]")
    expect(pyStr({ pyTuple: ['127.0.0.1', 8000] })).toBe("('127.0.0.1', 8000)")
    expect(
      pyStr({
        pyDict: [
          ['version', '3.0'],
          ['spec_version', '2.3'],
        ],
      })
    ).toBe("{'version': '3.0', 'spec_version': '2.3'}")
  })

  it('percent-decodes a path as UTF-8 with replacement, like urllib.parse.unquote', () => {
    expect(unquoteUtf8('/a%20b')).toBe('/a b')
    expect(unquoteUtf8('/%C3%A9')).toBe('/é')
    expect(unquoteUtf8('/%FF')).toBe('/\uFFFD')
    expect(unquoteUtf8('/%zz')).toBe('/%zz')
    expect(unquoteUtf8('/%EF%BB%BFx')).toBe('/\uFEFFx')
  })
})
