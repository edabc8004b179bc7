import { execFileSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { printfBytes, shellQuote, toCurl } from '../../../web/logic/curl.ts'

/** Run `sh -c` and return stdout as bytes. */
function sh(command: string): Buffer {
  return execFileSync('sh', ['-c', command])
}

describe('shellQuote', () => {
  const tricky = [
    'plain',
    "it's",
    `"double" $HOME \`id\` \\ ; | & > <`,
    'new\nline',
    'café ✓',
    '',
    "''",
  ]
  test.each(tricky)('survives a POSIX shell unchanged: %j', (text) => {
    expect(sh(`printf '%s' ${shellQuote(text)}`).toString('utf8')).toBe(text)
  })

  test('leaves safe words bare', () => {
    expect(shellQuote('--path-as-is')).toBe('--path-as-is')
    expect(shellQuote('POST')).toBe('POST')
    expect(shellQuote('a?b')).toBe("'a?b'") // ? is a glob character
  })
})

describe('printfBytes', () => {
  test.each(['a\r\nb', 'nul\0byte', "100% it's \\ done", 'é\x01\x7f'])(
    'writes exactly the UTF-8 bytes of %j',
    (text) => {
      expect([...sh(printfBytes(text))]).toEqual([...new TextEncoder().encode(text)])
    }
  )
})

describe('toCurl', () => {
  test('reproduces the README example', () => {
    expect(
      toCurl({ method: 'GET', url: 'http://127.0.0.1:8000/foo/bar?baz=bat', headers: [] })
    ).toBe("curl -sS --path-as-is 'http://127.0.0.1:8000/foo/bar?baz=bat'")
  })

  test('sends method, headers and body, single-quoted', () => {
    const command = toCurl({
      method: 'POST',
      url: 'http://h/x',
      headers: [['Content-Type', 'application/json']],
      body: `{"a": "it's"}`,
    })
    expect(command).toBe(
      `curl -sS -X POST --path-as-is -H 'Content-Type: application/json' --data-binary '{"a": "it'\\''s"}' 'http://h/x'`
    )
  })

  test('suppresses curl’s own form Content-Type when the request had none', () => {
    expect(toCurl({ method: 'PUT', url: 'http://h/', headers: [], body: '' })).toContain(
      "-H 'Content-Type:' --data-binary ''"
    )
  })

  test('pipes a body with CR or NUL through printf', () => {
    const command = toCurl({ method: 'POST', url: 'http://h/', headers: [], body: 'a\r\nb' })
    expect(command).toMatch(/^printf 'a\\015\\012b' \| curl .* --data-binary @- 'http:\/\/h\/'$/)
  })

  test('never lets a body starting with @ name a file', () => {
    expect(
      toCurl({ method: 'POST', url: 'http://h/', headers: [], body: '@/etc/passwd' })
    ).toContain('--data-binary @-')
  })

  test('uses -I for HEAD so curl does not wait for a body', () => {
    expect(toCurl({ method: 'HEAD', url: 'http://h/', headers: [] })).toBe(
      "curl -sS -I --path-as-is 'http://h/'"
    )
  })
})
