/**
 * Raw bytes Node's parser refuses, sent through POST /_inspector/api/send over a real socket:
 * the answer names what is malformed and each asked profile's own parser verdict.
 */
import { describe, expect, test } from 'vitest'
import type { SendAnswer } from '../../server/contract/api/send.ts'
import { listen } from '../helpers/server.ts'

async function sendRaw(url: string, raw: string, profiles: readonly string[]): Promise<SendAnswer> {
  const res = await fetch(`${url}/_inspector/api/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ raw, rawEncoding: 'latin1', profiles }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as SendAnswer
}

describe('per-server parser verdicts for bytes Node refuses', () => {
  test('obs-fold: wsgiref and werkzeug accept it their own way, gunicorn refuses', async () => {
    const server = await listen()
    const answer = await sendRaw(
      server.url,
      'GET / HTTP/1.1\r\nHost: example.test\r\nX-Folded: first\r\n  second\r\n\r\n',
      ['wsgiref', 'gunicorn', 'werkzeug']
    )
    expect(answer.handledBy).toBe('parser')
    expect(answer.profiles).toBeNull()
    expect(answer.malformations).toEqual(['obs-fold'])
    const outcomes = answer.parserOutcomes ?? {}
    expect(outcomes.wsgiref?.verdict).toBe('accepts')
    expect(outcomes.wsgiref?.summary).toMatch(/CRLF.*environ cannot be shown: Node's parser/)
    expect(outcomes.werkzeug?.verdict).toBe('accepts')
    expect(outcomes.werkzeug?.cases[0]?.verdict?.source).toMatch(/serving\.py/)
    expect(outcomes.gunicorn).toMatchObject({
      verdict: 'refuses',
      status: 400,
      decidedBy: 'obs-fold',
    })
    expect(outcomes.gunicorn?.cases[0]?.verdict?.source).toMatch(/message\.py/)
  })

  test('CL + TE and bare LF: the first case that stops the request decides', async () => {
    const server = await listen()
    const clte = await sendRaw(
      server.url,
      'POST / HTTP/1.1\r\nHost: example.test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      ['gunicorn', 'wsgiref']
    )
    expect(clte.malformations).toEqual(['content-length-and-transfer-encoding'])
    expect(clte.parserOutcomes?.gunicorn).toMatchObject({ verdict: 'refuses', status: 400 })
    expect(clte.parserOutcomes?.wsgiref?.verdict).toBe('accepts')
    expect(Object.keys(clte.parserOutcomes ?? {})).toEqual(['gunicorn', 'wsgiref'])

    const lf = await sendRaw(server.url, 'GET / HTTP/1.1\nHost: example.test\n\n', ['gunicorn'])
    expect(lf.malformations).toEqual(['bare-lf'])
    expect(lf.parserOutcomes?.gunicorn?.verdict).toBe('waits')
  })

  test('without profiles asked, the answer has no verdicts', async () => {
    const server = await listen()
    const res = await fetch(`${server.url}/_inspector/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ raw: 'get / HTTP/1.1\r\nHost: x\r\n\r\n' }),
    })
    const answer = (await res.json()) as SendAnswer
    expect(answer.handledBy).toBe('parser')
    expect(answer.parserOutcomes).toBeUndefined()
  })
})
