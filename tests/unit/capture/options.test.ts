import { describe, expect, test } from 'vitest'
import { describeHistory } from '../../../server/capture/options.ts'
import { parseConfig } from '../../../server/cli/config.ts'

describe('live capture flags', () => {
  const cases = [
    {
      name: 'defaults: the last 500 requests, 64 KiB of each body, nothing redacted, a text log',
      args: [],
      want: {
        history: { limit: 500, bodyLimit: 65536, redact: [] },
        accessLog: { format: 'text' },
      },
    },
    {
      name: '--history 0 turns capture off',
      args: ['--history', '0'],
      want: { history: { limit: 0 } },
    },
    {
      name: '--history-body takes a size, or 0 for none',
      args: ['--history', '20', '--history-body', '1mb'],
      want: { history: { limit: 20, bodyLimit: 1048576 } },
    },
    {
      name: '--history-body 0',
      args: ['--history-body', '0'],
      want: { history: { bodyLimit: 0 } },
    },
    {
      name: '--redact takes comma-separated header names, lower-cased, once each',
      args: ['--redact', 'Authorization, cookie,COOKIE'],
      want: { history: { redact: ['authorization', 'cookie'] } },
    },
    {
      name: '--log-format json',
      args: ['--log-format', 'json'],
      want: { accessLog: { format: 'json' } },
    },
  ]
  test.each(cases)('$name', ({ args, want }) => {
    expect(parseConfig(args, {})).toMatchObject(want)
  })

  test('--quiet leaves the access log out', () => {
    expect(parseConfig(['--quiet'], {}).accessLog).toBeUndefined()
    expect(parseConfig(['--quiet', '--log-format', 'json'], {}).accessLog).toBeUndefined()
  })

  const errors = [
    { args: ['--history=-1'], error: /--history: expected a number of requests from 0/ },
    { args: ['--history', 'lots'], error: /--history: expected a number/ },
    { args: ['--history', '1e3'], error: /--history: expected a number/ },
    { args: ['--history', '100001'], error: /--history: .* to 100000/ },
    { args: ['--history-body', 'big'], error: /--history-body: expected a size like 512kb/ },
    { args: ['--redact', ''], error: /--redact: expected header names separated by commas/ },
    { args: ['--redact', 'cookie,,authorization'], error: /--redact: .*got ""/ },
    { args: ['--redact', 'x y'], error: /--redact: .*got "x y"/ },
    { args: ['--log-format', 'xml'], error: /--log-format: expected one of text, json, got "xml"/ },
    { args: ['--quiet=yes'], error: /--quiet/ },
  ]
  test.each(errors)('refuses $args with a one-line reason', ({ args, error }) => {
    expect(() => parseConfig(args, {})).toThrow(error)
  })
})

describe('describeHistory', () => {
  const cases = [
    { given: { limit: 0, bodyLimit: 65536, redact: [] }, want: 'off (--history 0)' },
    {
      given: { limit: 500, bodyLimit: 65536, redact: [] },
      want: 'last 500 requests, up to 64 KiB of each body',
    },
    {
      given: { limit: 5, bodyLimit: 1048576, redact: ['cookie'] },
      want: 'last 5 requests, up to 1 MiB of each body; redacting cookie',
    },
    {
      given: { limit: 5, bodyLimit: 1000, redact: [] },
      want: 'last 5 requests, up to 1000 bytes of each body',
    },
  ]
  test.each(cases)('$want', ({ given, want }) => {
    expect(describeHistory(given)).toBe(want)
  })
})
