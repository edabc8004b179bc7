/**
 * The UI's files go out compressed when the browser accepts it: the build writes `.br` and
 * `.gz` copies (web/build/precompress.ts) and the server picks one by Accept-Encoding.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, test } from 'vitest'
import { writeCompressedCopies } from '../../web/build/precompress.ts'
import { header, sendRaw } from '../helpers/raw-http.ts'
import { listen } from '../helpers/server.ts'

const uiRoot = mkdtempSync(join(tmpdir(), 'ei-ui-'))
afterAll(() => rmSync(uiRoot, { recursive: true, force: true }))

const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `'row ${i}'`).join(', ')}]\n`
mkdirSync(join(uiRoot, 'assets'))
const page = `<!doctype html><title>ui</title>${'<p>environ</p>'.repeat(200)}`
writeFileSync(join(uiRoot, 'index.html'), page)
writeCompressedCopies(join(uiRoot, 'index.html'))
writeFileSync(join(uiRoot, 'assets/app.js'), script)
writeCompressedCopies(join(uiRoot, 'assets/app.js'))

function get(port: number, acceptEncoding?: string, path = '/_inspector/assets/app.js') {
  const accept = acceptEncoding === undefined ? '' : `Accept-Encoding: ${acceptEncoding}\r\n`
  return sendRaw(
    { host: '127.0.0.1', port },
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${accept}Connection: close\r\n\r\n`
  )
}

describe('the UI is sent compressed', () => {
  test.each([
    ['br', 'br', brotliDecompressSync],
    ['gzip, deflate', 'gzip', gunzipSync],
    ['gzip, deflate, br', 'br', brotliDecompressSync],
  ])('Accept-Encoding: %s gets %s', async (accept, encoding, decode) => {
    const server = await listen({ uiRoot })
    const res = await get(server.port, accept)
    expect(res.status).toBe(200)
    expect(header(res, 'content-encoding')).toBe(encoding)
    expect(header(res, 'vary')?.toLowerCase()).toContain('accept-encoding')
    expect(res.body.length).toBeLessThan(script.length / 3)
    expect(decode(res.body).toString()).toBe(script)
  })

  test.each(['br', ''])(
    'the page itself, /_inspector/, with Accept-Encoding: %s',
    async (accept) => {
      const server = await listen({ uiRoot })
      const res = await get(server.port, accept, '/_inspector/')
      expect(res.status).toBe(200)
      expect(header(res, 'content-type')).toMatch(/^text\/html/)
      const body = accept === 'br' ? brotliDecompressSync(res.body) : res.body
      expect(body.toString()).toBe(page)
    }
  )

  test('a client that accepts no encoding gets the file as it is', async () => {
    const server = await listen({ uiRoot })
    const res = await get(server.port)
    expect(res.status).toBe(200)
    expect(header(res, 'content-encoding')).toBeUndefined()
    expect(res.body.toString()).toBe(script)
  })
})
