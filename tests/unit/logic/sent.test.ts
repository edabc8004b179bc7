import { describe, expect, test } from 'vitest'
import { explainOrigin } from '../../../web/logic/explain.ts'
import { buildOutgoing, type Draft } from '../../../web/logic/request.ts'
import { makeRow } from '../../../web/logic/rows.ts'
import { curlRequestFor, FETCH_TEXT_TYPE, sentView } from '../../../web/logic/sent.ts'
import { makeDraft } from './drafts.ts'

const ORIGIN = 'http://127.0.0.1:8000'

function outgoing(change: Partial<Draft>) {
  return buildOutgoing(makeDraft(change), ORIGIN)
}

const ENVIRON = {
  SERVER_NAME: 'localhost',
  CONTENT_LENGTH: '5',
  SERVER_PROTOCOL: 'HTTP/1.1',
  REQUEST_METHOD: 'POST',
  PATH_INFO: '/cafÃ©',
  QUERY_STRING: '',
  CONTENT_TYPE: 'text/plain;charset=UTF-8',
  HTTP_HOST: '127.0.0.1:8000',
  HTTP_X_MINE: 'yes',
  HTTP_SEC_FETCH_MODE: 'cors',
  HTTP_SEC_CH_UA_MOBILE: '?0',
  'wsgi.input': '<_io.BufferedReader name=4>',
}

describe('sentView', () => {
  const out = outgoing({
    method: 'POST',
    path: '/café',
    body: 'hello',
    headers: [makeRow('X-Mine', 'yes'), makeRow('Cookie', 'a=1')],
  })
  const view = sentView(out, ENVIRON, 'wsgiref')

  test('builds the request line from what the server saw', () => {
    expect([view.method, view.target, view.protocol]).toEqual(['POST', '/caf%C3%A9', 'HTTP/1.1'])
  })

  test('lists Host first, then your headers, then the browser’s, then the refused ones', () => {
    expect(view.headers.map((h) => [h.name, h.origin])).toEqual([
      ['Host', 'browser'],
      ['X-Mine', 'you'],
      ['Sec-Fetch-Mode', 'browser'],
      ['sec-ch-ua-mobile', 'browser'],
      ['Content-Type', 'browser'],
      ['Content-Length', 'browser'],
      ['Cookie', 'blocked'],
    ])
  })

  test('notes a header of yours that the environ lacks', () => {
    const dropped = sentView(outgoing({ headers: [makeRow('X_Under', '1')] }), {}, 'gunicorn')
    expect(dropped.headers[0]?.note).toMatch(/drops header names containing "_"/)
  })
})

describe('curlRequestFor', () => {
  test('adds the Content-Type fetch() adds to a string body', () => {
    expect(curlRequestFor(outgoing({ method: 'POST', body: 'x' })).headers).toEqual([
      ['Content-Type', FETCH_TEXT_TYPE],
    ])
  })

  test('sends an empty body on a bodiless POST, as fetch() sends Content-Length: 0', () => {
    expect(curlRequestFor(outgoing({ method: 'POST' })).body).toBe('')
    expect(curlRequestFor(outgoing({ method: 'DELETE' })).body).toBeUndefined()
  })
})

describe('explainOrigin', () => {
  const view = sentView(
    outgoing({ method: 'POST', path: '/café', body: 'hello', headers: [makeRow('X-Mine', 'yes')] }),
    ENVIRON,
    'wsgiref'
  )
  test.each([
    ['REQUEST_METHOD', 'POST', /first word of the request line: “POST”/],
    ['PATH_INFO', '/cafÃ©', /“\/caf%C3%A9”.*latin-1.*“\/cafÃ©”.*UTF-8.*“\/café”/],
    ['QUERY_STRING', '', /no “\?”/],
    ['HTTP_X_MINE', 'yes', /header line “X-Mine: yes” \(set by you\)/],
    ['HTTP_SEC_FETCH_MODE', 'cors', /added by the browser/],
    ['CONTENT_LENGTH', '5', /5-byte body/],
    ['REMOTE_ADDR', '127.0.0.1', /TCP connection/],
    ['wsgi.version', '(1, 0)', /Set by the server \(wsgiref profile\)/],
    ['SCRIPT_NAME', '', /mounted at the root/],
  ])('traces %s', (key, value, want) => {
    expect(explainOrigin(key, value, view, 'wsgiref')).toMatch(want)
  })
})
