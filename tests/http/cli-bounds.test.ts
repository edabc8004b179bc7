/**
 * The command line's bounds, as a user meets them: the banner says what the history can
 * hold at worst and warns past 1 GiB; a history the machine cannot hold, a negative number
 * and a head size Node cannot hold are usage errors that say what is wrong.
 */
import { totalmem } from 'node:os'
import { describe, expect, test } from 'vitest'
import { runCli, startInspector } from '../helpers/inspector-process.ts'

describe('the command line’s bounds', () => {
  test('the banner states the history’s worst case', async () => {
    const server = await startInspector(['--quiet'])
    try {
      await expect
        .poll(() => server.output())
        .toMatch(/live: .*\(last 500 requests, up to 64 KiB of each body; at most 48\.8 MiB\)/)
    } finally {
      await server.close()
    }
  }, 30_000)

  test('past 1 GiB it warns', async () => {
    const server = await startInspector(['--quiet', '--history', '20000'])
    try {
      await expect
        .poll(() => server.errors())
        .toContain(
          'warning: --history: 20000 requests × (64 KiB of body + 36 KiB of head and environ) = 1.9 GiB at worst'
        )
    } finally {
      await server.close()
    }
  }, 30_000)

  test.skipIf(totalmem() > 101 * 1024 ** 3)(
    '--history 100000 --history-body 10gb is refused, with the figure',
    async () => {
      const result = await runCli(['--history', '100000', '--history-body', '10gb'])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(
        /^error: --history: 100000 requests × \(1 MiB of body \+ 36 KiB of head and environ\) = 101 GiB, more than this machine's/
      )
    },
    30_000
  )

  test.each([
    [['--port', '-1'], 'error: --port: expected a number from 0 to 65535, got "-1"'],
    [['--max-header-size', '999gb'], 'error: --max-header-size: at most 512 MiB'],
  ])(
    '%j is a usage error that says what is wrong',
    async (args, error) => {
      const result = await runCli(args)
      expect(result.code).toBe(2)
      expect(result.stderr.startsWith(error)).toBe(true)
      expect(result.stderr).not.toContain('ambiguous')
    },
    30_000
  )
})
