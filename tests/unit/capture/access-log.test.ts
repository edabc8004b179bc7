import { describe, expect, test } from 'vitest'
import {
  createAccessLog,
  formatJsonLine,
  formatTextLine,
} from '../../../server/capture/access-log.ts'
import { exchange } from '../../helpers/exchange.ts'

const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('formatTextLine', () => {
  const cases = [
    {
      name: 'peer, request line, status, bytes and time',
      given: exchange({
        request: { target: '/foo?x=1', remotePort: 53422 },
        responseBytes: 812,
        durationMs: 1,
      }),
      want: '127.0.0.1:53422 "GET /foo?x=1 HTTP/1.1" 200 812 1ms\n',
    },
    {
      name: 'brackets an IPv6 peer',
      given: exchange({ request: { remoteAddress: '::1', remotePort: 9 } }),
      want: '[::1]:9 "GET / HTTP/1.1" 200 10 2ms\n',
    },
    {
      name: 'an HTTP/0.9 request line has no version',
      given: exchange({ request: { httpVersion: '0.9' } }),
      want: '127.0.0.1:50000 "GET /" 200 10 2ms\n',
    },
    {
      name: 'escapes " and \\ in the target so the line parses back',
      given: exchange({ request: { target: '/a"b\\c' } }),
      want: '127.0.0.1:50000 "GET /a\\"b\\\\c HTTP/1.1" 200 10 2ms\n',
    },
    {
      name: 'a refused request with its status',
      given: exchange({ status: 400, environ: undefined, refusal: 'bad' }),
      want: '127.0.0.1:50000 "GET / HTTP/1.1" 400 10 2ms\n',
    },
  ]
  test.each(cases)('$name', ({ given, want }) => {
    expect(formatTextLine(given)).toBe(want)
  })
})

describe('formatJsonLine', () => {
  test('one JSON object per line with the time and the history id', () => {
    const line = formatJsonLine(exchange({ request: { target: '/j' } }), 7)
    expect(line.endsWith('}\n')).toBe(true)
    expect(line.slice(0, -1)).not.toContain('\n')
    expect(JSON.parse(line)).toEqual({
      time: '2026-01-02T03:04:05.678Z',
      id: '7',
      peer: '127.0.0.1',
      port: 50000,
      method: 'GET',
      target: '/j',
      version: 'HTTP/1.1',
      status: 200,
      bytes: 10,
      ms: 2,
    })
  })

  test('id null when capture is off; the refusal when there is one', () => {
    const parsed = JSON.parse(formatJsonLine(exchange({ status: 417, refusal: 'Expect' })))
    expect(parsed).toMatchObject({ id: null, status: 417, refusal: 'Expect' })
  })
})

describe('createAccessLog', () => {
  test('joins the lines of one event-loop turn into one write', async () => {
    const writes: string[] = []
    const log = createAccessLog({ format: 'text', write: (text) => writes.push(text) })
    log(exchange({ request: { target: '/1' } }))
    log(exchange({ request: { target: '/2' } }))
    expect(writes).toEqual([])
    await turn()
    expect(writes).toHaveLength(1)
    expect(writes[0]?.split('\n')).toEqual([
      expect.stringContaining('"GET /1 HTTP/1.1"'),
      expect.stringContaining('"GET /2 HTTP/1.1"'),
      '',
    ])
    log(exchange({ request: { target: '/3' } }))
    await turn()
    expect(writes).toHaveLength(2)
  })

  test('writes at once when a lot is buffered, and on flush()', () => {
    const writes: string[] = []
    const log = createAccessLog({ format: 'json', write: (text) => writes.push(text) })
    const long = `/${'x'.repeat(2000)}`
    for (let n = 0; n < 10; n++) log(exchange({ request: { target: long } }))
    expect(writes).toHaveLength(1)
    log(exchange())
    log.flush()
    expect(writes).toHaveLength(2)
    expect(writes.join('').trim().split('\n')).toHaveLength(11)
  })
})
