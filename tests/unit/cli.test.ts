import { availableParallelism } from 'node:os'
import { describe, expect, test } from 'vitest'
import { parseConfig, parseSize } from '../../server/cli/config.ts'

describe('parseConfig', () => {
  const cases = [
    {
      name: 'defaults bind the echo to 127.0.0.1:8000 with the wsgiref profile',
      args: [],
      want: {
        host: '127.0.0.1',
        port: 8000,
        profile: 'wsgiref',
        app: 'echo',
        scriptName: '',
        maxBody: 1048576,
      },
    },
    {
      name: 'reads every flag the issue names',
      args: [
        '--host',
        '0.0.0.0',
        '--port',
        '9000',
        '--profile',
        'gunicorn',
        '--script-name',
        '/app',
        '--max-body',
        '64kb',
        '--app',
        'hello',
      ],
      want: {
        host: '0.0.0.0',
        port: 9000,
        profile: 'gunicorn',
        scriptName: '/app',
        maxBody: 65536,
        app: 'hello',
      },
    },
    {
      name: "accepts --script-name '' as the root",
      args: ['--script-name', ''],
      want: { scriptName: '' },
    },
    {
      name: 'copies the environment only with --os-environ',
      args: ['--os-environ'],
      env: { SECRET: 's', UNSET: undefined },
      want: { osEnviron: { SECRET: 's' } },
    },
    {
      name: 'never copies the environment without it',
      args: [],
      env: { SECRET: 's' },
      want: { osEnviron: undefined },
    },
    { name: 'serves from this process by default', args: [], want: { workers: 1 } },
    { name: 'reads --workers N', args: ['--workers', '4'], want: { workers: 4 } },
    {
      name: 'serves 100 event streams at once by default',
      args: [],
      want: { maxSubscribers: 100 },
    },
    {
      name: 'reads --max-subscribers N',
      args: ['--max-subscribers', '500'],
      want: { maxSubscribers: 500 },
    },
    {
      name: 'reads --allowed-hosts names and wildcards',
      args: ['--allowed-hosts', 'echo.internal.example,*.example.com'],
      want: {
        allowedHosts: { any: false, names: ['echo.internal.example'], suffixes: ['.example.com'] },
      },
    },
    {
      name: '--allowed-hosts * turns the Host check off',
      args: ['--allowed-hosts', '*'],
      want: { allowedHosts: { any: true } },
    },
    {
      name: '--workers auto is one per core',
      args: ['--workers', 'auto'],
      want: { workers: availableParallelism() },
    },
  ]
  test.each(cases)('$name', ({ args, env = {}, want }) => {
    expect(parseConfig(args, env)).toMatchObject(want)
  })

  const errors = [
    { args: ['--bogus'], error: /Unknown option '--bogus'/ },
    { args: ['--port', 'abc'], error: /--port: expected a number from 0 to 65535/ },
    { args: ['--port', '70000'], error: /--port/ },
    {
      args: ['--profile', 'tornado'],
      error: /--profile: expected one of wsgiref, gunicorn, werkzeug/,
    },
    { args: ['--app', 'nope'], error: /--app: expected one of echo, hello/ },
    { args: ['--script-name', 'app'], error: /--script-name: expected '' or a path like \/app/ },
    { args: ['--script-name', '/app/'], error: /--script-name/ },
    { args: ['--max-body', 'lots'], error: /--max-body: expected a size like 512kb or 1mb/ },
    { args: ['--host', ''], error: /--host: must not be empty/ },
    { args: ['stray'], error: /Unexpected argument 'stray'/ },
    { args: ['--workers', '0'], error: /--workers: expected a number from 1 to 256 or auto/ },
    { args: ['--workers', 'many'], error: /--workers/ },
    {
      args: ['--allowed-hosts', 'a.example:80'],
      error: /--allowed-hosts: give names without a port/,
    },
    // negative numbers: the flag's own reason, not parseArgs' "argument is ambiguous"
    { args: ['--port', '-1'], error: /^--port: expected a number from 0 to 65535, got "-1"$/ },
    { args: ['--history', '-5'], error: /^--history: expected a number of requests from 0/ },
    {
      args: ['--max-body', '-1mb'],
      error: /^--max-body: expected a size like 512kb or 1mb, got "-1mb"$/,
    },
    { args: ['--max-connections', '-10'], error: /^--max-connections: expected a number/ },
    { args: ['--headers-timeout', '-.5s'], error: /^--headers-timeout: / },
    { args: ['--workers', '-2'], error: /^--workers: expected a number from 1 to 256 or auto/ },
    // what Node can hold
    {
      args: ['--max-header-size', '999gb'],
      error:
        /^--max-header-size: at most 512 MiB \(Node turns the request line and each header into a string/,
    },
    {
      args: ['--max-body', '5gb'],
      error: /^--max-body: at most 4 GiB \(the body is held in memory as one Buffer/,
    },
    {
      args: ['--max-subscribers', '0'],
      error: /--max-subscribers: expected a number of event streams from 1 to 100000, got "0"/,
    },
  ]
  test.each(errors)('refuses $args with a one-line reason', ({ args, error }) => {
    expect(() => parseConfig(args, {})).toThrow(error)
  })
})

describe('the history’s worst case', () => {
  const machine = { totalMemory: 8 * 1024 ** 3, heapLimit: 4 * 1024 ** 3 }
  test('--history 100000 --history-body 10gb is refused, and says why', () => {
    expect(() =>
      parseConfig(['--history', '100000', '--history-body', '10gb'], {}, machine)
    ).toThrow(
      /^--history: 100000 requests × \(1 MiB of body \+ 36 KiB of head and environ\) = 101 GiB, more than this machine's 8 GiB of memory; lower --history or --history-body$/
    )
  })
  test('the defaults cost at most 48.8 MiB and pass', () => {
    expect(parseConfig([], {}, machine).historyBudget).toMatchObject({
      verdict: 'ok',
      bytes: 500 * (64 * 1024 + 36 * 1024),
    })
  })
  test('more than 1 GiB is a warning', () => {
    expect(parseConfig(['--history', '20000'], {}, machine).historyBudget).toMatchObject({
      verdict: 'warn',
      reason: '20000 requests × (64 KiB of body + 36 KiB of head and environ) = 1.9 GiB at worst',
    })
  })
  test('a head the JavaScript heap cannot hold is refused', () => {
    const roomy = { totalMemory: 1024 ** 4, heapLimit: 4 * 1024 ** 3 }
    expect(() =>
      parseConfig(['--history', '100000', '--max-header-size', '64kb'], {}, roomy)
    ).toThrow(/more than half the JavaScript heap \(4 GiB\); lower --history or --max-header-size$/)
  })
})

describe('parseSize', () => {
  test.each([
    ['512', 512],
    ['1kb', 1024],
    ['64KB', 65536],
    ['1mb', 1048576],
    ['1.5m', 1572864],
    ['2 MiB', 2097152],
  ])('%s is %i bytes', (text, bytes) => {
    expect(parseSize('--max-body', text)).toBe(bytes)
  })
})
