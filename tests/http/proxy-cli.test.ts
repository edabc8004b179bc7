/**
 * The proxy flags as a user runs them: exit code 2 with the reason, the banner line, and
 * the echo rewritten (or not) over a real socket.
 */
import { describe, expect, test, vi } from 'vitest'
import { runCli, startInspector } from '../helpers/inspector-process.ts'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'

describe('proxy flags on the command line', () => {
  test.each([
    [['--proxy-fix', 'x_four=1'], 'error: --proxy-fix: unknown name "x_four"'],
    [
      ['--trusted-proxies', '10.0.0.0/99'],
      'error: --trusted-proxies: "10.0.0.0/99" is not a valid CIDR range',
    ],
    [['--forwarded'], 'error: --forwarded needs --trusted-proxies'],
  ])('%j exits 2 with the reason and the usage', async (args, reason) => {
    const { code, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toContain(reason)
    expect(stderr).toContain('--trusted-proxies LIST')
  })

  test('--help lists the proxy flags', async () => {
    const { stdout } = await runCli(['--help'])
    expect(stdout).toContain('--proxy-fix SPEC')
    expect(stdout).toContain('--forwarded')
  })

  test('--trusted-proxies: the banner says so and the echo finds the client', async () => {
    const server = await startInspector(['--trusted-proxies', '127.0.0.1,::1'])
    try {
      // the proxy line follows the echo line the helper waits for
      await vi.waitFor(() =>
        expect(server.output()).toContain(
          'proxy: trusted proxies 127.0.0.1, ::1 (walking X-Forwarded-For)'
        )
      )
      const res = await sendRaw(
        server,
        'GET / HTTP/1.1\r\nHost: app\r\nX-Forwarded-For: 6.6.6.6, 203.0.113.7\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n'
      )
      const environ = jsonBody<Record<string, string>>(res)
      expect(environ).toMatchObject({ REMOTE_ADDR: '203.0.113.7', 'wsgi.url_scheme': 'https' })
      expect(environ['inspector.proxy_fix.orig']).toMatch(/^\{'REMOTE_ADDR': '127\.0\.0\.1'/)
    } finally {
      await server.close()
    }
  })
})
