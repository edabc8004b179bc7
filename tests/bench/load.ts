/**
 * @module
 * The load the benchmark and the profiler send: a browser-like request, and a way to pad it
 * to many headers.
 */

/** Nine headers a browser sends, incl. cookies and the X-Forwarded-* a proxy adds. */
export const BROWSER_HEADERS: Readonly<Record<string, string>> = {
  Host: 'inspector.example',
  'User-Agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'Accept-Language': 'en-GB,en;q=0.9',
  'Accept-Encoding': 'gzip, deflate, br',
  Cookie: 'session=8d7f0a9c2b; theme=dark; _ga=GA1.2.1234567890.1700000000',
  'X-Forwarded-For': '203.0.113.7, 10.0.0.1',
  'X-Forwarded-Proto': 'https',
  Connection: 'keep-alive',
}

/** The browser headers padded with `X-Custom-Header-N` up to `count` headers. */
export function manyHeaders(count: number): Record<string, string> {
  const headers = { ...BROWSER_HEADERS }
  for (let i = Object.keys(headers).length; i < count; i++)
    headers[`X-Custom-Header-${i}`] = `value-${i}-${'v'.repeat(20)}`
  return headers
}
