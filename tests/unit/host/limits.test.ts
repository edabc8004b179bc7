import { describe, expect, test } from 'vitest'
import { parseConfig } from '../../../server/cli/config.ts'
import {
  checkLimits,
  LIMIT_DEFAULTS,
  parseDuration,
  parseMaxConnections,
  serverLimitOptions,
} from '../../../server/host/limits.ts'

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1.5s', 1500],
    ['10', 10_000], // a bare number is seconds, as gunicorn's --timeout
    ['0', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration('--headers-timeout', text)).toBe(ms)
  })

  test.each(['', 'soon', '-1s', '5h', '1e3'])('refuses %j with the flag in the reason', (text) => {
    expect(() => parseDuration('--headers-timeout', text)).toThrow(/^--headers-timeout: expected/)
  })
})

describe('the connection limits the CLI builds', () => {
  const cases = [
    { name: 'defaults', args: [], want: LIMIT_DEFAULTS },
    {
      name: 'every flag',
      args: [
        '--headers-timeout',
        '5s',
        '--request-timeout',
        '20s',
        '--keep-alive-timeout',
        '0',
        '--max-connections',
        '64',
      ],
      want: {
        headersTimeoutMs: 5000,
        requestTimeoutMs: 20_000,
        keepAliveTimeoutMs: 0,
        maxConnections: 64,
      },
    },
    {
      name: 'no request limit with a header limit',
      args: ['--request-timeout', '0', '--headers-timeout', '10m'],
      want: { ...LIMIT_DEFAULTS, requestTimeoutMs: 0, headersTimeoutMs: 600_000 },
    },
  ]
  test.each(cases)('$name', ({ args, want }) => {
    expect(parseConfig(args, {}).limits).toEqual(want)
  })

  test.each([
    [
      ['--headers-timeout', '90s'],
      /--headers-timeout \(90000 ms\) must be at most --request-timeout/,
    ],
    [['--max-connections', 'many'], /--max-connections: expected a number/],
    [['--keep-alive-timeout', 'forever'], /--keep-alive-timeout: expected a duration/],
  ])('refuses %j', (args, error) => {
    expect(() => parseConfig(args, {})).toThrow(error)
  })

  test('checkLimits passes what Node accepts', () => {
    expect(checkLimits(LIMIT_DEFAULTS)).toBe(LIMIT_DEFAULTS)
    expect(parseMaxConnections(' 0 ')).toBe(0)
  })
})

describe('serverLimitOptions', () => {
  test('checks the timeouts often enough to honour the shortest (at most every second)', () => {
    expect(serverLimitOptions(LIMIT_DEFAULTS)).toEqual({
      headersTimeout: 30_000,
      requestTimeout: 60_000,
      connectionsCheckingInterval: 1000,
    })
    const short = { ...LIMIT_DEFAULTS, headersTimeoutMs: 2000, requestTimeoutMs: 4000 }
    expect(serverLimitOptions(short).connectionsCheckingInterval).toBe(500)
    const off = { ...LIMIT_DEFAULTS, headersTimeoutMs: 0, requestTimeoutMs: 0 }
    expect(serverLimitOptions(off).connectionsCheckingInterval).toBe(1000)
  })
})
