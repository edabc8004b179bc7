import { describe, expect, test } from 'vitest'
import type { GatewayError } from '../../../server/gateway/errors.ts'
import { type ResponseSink, runApp } from '../../../server/gateway/handler.ts'
import type { App, Header } from '../../../server/gateway/types.ts'
import { minimalEnviron } from '../../helpers/environ.ts'

/** A sink that records what a transport would have been told, in order. */
function recordingSink() {
  const events: string[] = []
  const sink: ResponseSink = {
    start: (status, reason, headers: readonly Header[]) =>
      events.push(`start ${status} ${reason} ${headers.map(([n, v]) => `${n}=${v}`).join(';')}`),
    write: (chunk) => events.push(`write ${new TextDecoder().decode(chunk)}`),
    end: (last) => {
      if (last) events.push(`write ${new TextDecoder().decode(last)}`)
      events.push('end')
    },
    abort: () => events.push('abort'),
  }
  return { sink, events }
}

const bytes = (text: string) => new TextEncoder().encode(text)

async function run(app: App) {
  const { sink, events } = recordingSink()
  const errors: unknown[] = []
  await runApp(app, minimalEnviron(), sink, { onError: (e) => errors.push(e) })
  return { events, errors }
}

describe('runApp follows PEP 3333 start_response rules', () => {
  test('sends the status and headers once, before the first body chunk', async () => {
    const { events } = await run((_env, startResponse) => {
      startResponse('200 OK', [['Content-Type', 'text/plain']])
      return [bytes('a'), bytes('b')]
    })
    expect(events).toEqual(['start 200 OK Content-Type=text/plain', 'write a', 'write b', 'end'])
  })

  test('sends headers at the end when the body is empty', async () => {
    const { events } = await run((_env, startResponse) => {
      startResponse('204 No Content', [])
      return []
    })
    expect(events).toEqual(['start 204 No Content ', 'end'])
  })

  test('lets write() from start_response stream before the iterable', async () => {
    const { events } = await run((_env, startResponse) => {
      const write = startResponse('200 OK', [])
      write(bytes('early'))
      return [bytes('late')]
    })
    expect(events).toEqual(['start 200 OK ', 'write early', 'write late', 'end'])
  })

  test('a second start_response without exc_info is an error → 500', async () => {
    const { events, errors } = await run((_env, startResponse) => {
      startResponse('200 OK', [])
      startResponse('201 Created', [])
      return []
    })
    expect((errors[0] as GatewayError).code).toBe('EI_ERR_HEADERS_ALREADY_SET')
    expect(events[0]).toMatch(/^start 500 Internal Server Error/)
  })

  test('a second start_response with exc_info replaces headers not yet sent', async () => {
    const { events } = await run((_env, startResponse) => {
      startResponse('200 OK', [])
      startResponse('500 Oops', [['X-Error', '1']], new Error('boom'))
      return [bytes('sorry')]
    })
    expect(events).toEqual(['start 500 Oops X-Error=1', 'write sorry', 'end'])
  })

  test('exc_info after the headers went out re-raises, and the response is aborted', async () => {
    const { events, errors } = await run(function* (_env, startResponse) {
      startResponse('200 OK', [])
      yield bytes('partial')
      startResponse('500 Oops', [], new Error('late'))
    })
    expect((errors[0] as Error).message).toBe('late')
    expect(events).toEqual(['start 200 OK ', 'write partial', 'abort'])
  })

  test('an exception before any output becomes a 500 JSON body without the stack', async () => {
    const { events } = await run(() => {
      throw new Error('secret detail')
    })
    expect(events[0]).toMatch(/^start 500 Internal Server Error Content-Type=application\/json/)
    expect(events[1]).not.toContain('secret detail')
  })

  test.each([
    ['200', 'EI_ERR_STATUS_INVALID'],
    ['OK 200', 'EI_ERR_STATUS_INVALID'],
    ['200 OK\r\nX: y', 'EI_ERR_STATUS_INVALID'],
  ])('refuses the status line %j', async (status, code) => {
    const { errors } = await run((_env, startResponse) => {
      startResponse(status, [])
      return []
    })
    expect((errors[0] as GatewayError).code).toBe(code)
  })

  test.each([
    [['Bad Name', 'v'], 'EI_ERR_HEADER_INVALID'],
    [['X-Ok', 'a\r\nInjected: 1'], 'EI_ERR_HEADER_INVALID'],
    [['Connection', 'close'], 'EI_ERR_HOP_BY_HOP_HEADER'],
  ] as const)('refuses the header %j', async (header, code) => {
    const { errors } = await run((_env, startResponse) => {
      startResponse('200 OK', [header])
      return []
    })
    expect((errors[0] as GatewayError).code).toBe(code)
  })

  test('drains async iterables', async () => {
    const { events } = await run(async function* (_env, startResponse) {
      startResponse('200 OK', [])
      yield bytes('x')
    })
    expect(events).toEqual(['start 200 OK ', 'write x', 'end'])
  })

  test('writing before start_response is an error', async () => {
    const { errors } = await run(() => [bytes('no headers')])
    expect((errors[0] as GatewayError).code).toBe('EI_ERR_WRITE_BEFORE_START')
  })
})
