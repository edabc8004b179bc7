/**
 * The CLI as a user runs it: a separate process, its exit codes, what it prints.
 */
import { createServer } from 'node:net'
import { describe, expect, test } from 'vitest'
import { runCli, startInspector } from '../helpers/inspector-process.ts'

describe('the command line', () => {
  test('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('--profile NAME')
    expect(stdout).toContain('--os-environ')
  })

  test('an unknown flag exits 2 with a one-line reason and the usage', async () => {
    const { code, stderr } = await runCli(['--bogus'])
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toBe("error: Unknown option '--bogus'")
    expect(stderr).toContain('Usage:')
  })

  test('an invalid value exits 2', async () => {
    const { code, stderr } = await runCli(['--port', 'eighty'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^error: --port: expected a number/)
  })

  test('a port in use exits 1 with a hint', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const { code, stderr } = await runCli(['--port', String(port)])
      expect(code).toBe(1)
      expect(stderr).toContain(`port ${port} is already in use`)
    } finally {
      blocker.close()
    }
  })

  test('prints where the echo and the UI are, and serves them', async () => {
    const server = await startInspector(['--profile', 'werkzeug'])
    try {
      expect(server.output()).toMatch(
        /echo: +http:\/\/127\.0\.0\.1:\d+\/ +\(every path outside \/_inspector\/\)/
      )
      expect(server.output()).toMatch(/UI: +http:\/\/127\.0\.0\.1:\d+\/_inspector\//)
      const environ = (await (await fetch(`${server.url}foo`)).json()) as Record<string, string>
      expect(environ.SERVER_SOFTWARE).toMatch(/^Werkzeug\//)
    } finally {
      await server.close()
    }
  })

  test("never echoes the server's environment unless --os-environ is given", async () => {
    const env = { PATH: process.env.PATH ?? '', DEMO_SECRET_TOKEN: 'hunter2-not-a-real-secret' }
    const plain = await startInspector([], { env })
    const optedIn = await startInspector(['--os-environ'], { env })
    try {
      expect(await (await fetch(plain.url)).text()).not.toContain('hunter2')
      const environ = (await (await fetch(optedIn.url)).json()) as Record<string, string>
      expect(environ.DEMO_SECRET_TOKEN).toBe('hunter2-not-a-real-secret')
      await expect.poll(() => optedIn.output()).toContain('warning: --os-environ')
    } finally {
      await plain.close()
      await optedIn.close()
    }
  })

  test('warns when bound to a non-loopback address', async () => {
    const server = await startInspector(['--host', '0.0.0.0'])
    try {
      await expect
        .poll(() => server.output())
        .toContain('anyone who can reach this port can read the echo')
    } finally {
      await server.close()
    }
  })
})
