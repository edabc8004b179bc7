/**
 * `GET /_inspector/api/requests/:id/profiles`: a captured request rebuilt under any server
 * profile, over real sockets. The server's own profile must give back the very environ the
 * echo answered; the others what those servers would have built from the same request.
 */
import { describe, expect, test } from 'vitest'
import type { ApiError } from '../../server/contract/api/errors.ts'
import type {
  RequestListJson,
  RequestProfilesJson,
  RequestRecordJson,
} from '../../server/contract/api/requests.ts'
import { PROFILE_IDS } from '../../server/contract/profiles.ts'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'
import { type Listening, listen } from '../helpers/server.ts'

const API = '/_inspector/api'
const HISTORY = { limit: 50, bodyLimit: 4, redact: [] as string[] }

async function getJson<T>(server: Listening, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`)
  return { status: res.status, body: (await res.json()) as T }
}

/** Send `head` (and `body`), wait until the history holds it, and return its id and echo. */
async function capture(
  server: Listening,
  head: string,
  body = ''
): Promise<{ id: string; echoed: Record<string, string> }> {
  const res = await sendRaw(server, `${head}\r\n${body}`)
  expect(res.status, res.statusLine ?? '').toBe(200)
  const echoed = jsonBody<Record<string, string>>(res)
  const deadline = Date.now() + 3000
  for (;;) {
    const list = (await getJson<RequestListJson>(server, `${API}/requests?limit=1`)).body
    const id = list.items[0]?.id
    if (id !== undefined) return { id, echoed }
    if (Date.now() > deadline) throw new Error('the request never reached the history')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const profilesOf = (server: Listening, id: string, query = '') =>
  getJson<RequestProfilesJson>(server, `${API}/requests/${id}/profiles${query}`)

describe('a captured request under every profile', () => {
  const HEAD =
    'POST //a%20b?x=1 HTTP/1.1\r\nHost: profiles.test\r\nX_Under: u\r\nContent-Length: 10\r\n'

  test("the server's own profile gives back the echo's environ; the others differ where those servers do", async () => {
    const server = await listen({ profile: 'gunicorn', history: HISTORY })
    const { id, echoed } = await capture(server, HEAD, '0123456789')
    const { status, body } = await profilesOf(server, id)
    expect(status).toBe(200)
    expect(body.id).toBe(id)
    expect(body.serverProfile).toBe('gunicorn')
    expect(Object.keys(body.profiles)).toEqual([...PROFILE_IDS])
    const own = body.profiles.gunicorn
    expect(own && 'environ' in own && own.environ).toEqual(echoed)
    // the body was cut to 4 bytes in the history; the environ never depended on it
    const record = (await getJson<RequestRecordJson>(server, `${API}/requests/${id}`)).body
    expect(record.request.body.truncated).toBe(true)
    expect(own && 'environ' in own && own.environ.CONTENT_LENGTH).toBe('10')

    const wsgiref = body.profiles.wsgiref
    if (!wsgiref || !('environ' in wsgiref)) throw new Error('wsgiref refused')
    expect(wsgiref.environ.HTTP_X_UNDER).toBe('u')
    expect(wsgiref.environ.PATH_INFO).toBe('/a b')
    expect(own && 'environ' in own && own.environ.PATH_INFO).toBe('//a b')
    expect(body.differences).toContainEqual({
      key: 'HTTP_X_UNDER',
      kind: 'absent',
      values: {
        wsgiref: 'u',
        gunicorn: null,
        werkzeug: null,
        waitress: null,
        uwsgi: 'u',
        django: null,
      },
    })
    expect(body.differences).toContainEqual({
      key: 'PATH_INFO',
      kind: 'differs',
      values: {
        wsgiref: '/a b',
        gunicorn: '//a b',
        werkzeug: '/a b',
        waitress: '/a b', // task.py: '/' + path.lstrip('/'), after decoding
        uwsgi: '//a b',
        django: '/a b',
      },
    })
    expect(body.differences.map((d) => d.key)).toContain('SERVER_SOFTWARE')
    expect(body.differences.map((d) => d.key)).not.toContain('QUERY_STRING')

    // provenance indexes the reconstructed head: PATH_INFO came from the target's path
    const path = own && 'provenance' in own ? own.provenance.PATH_INFO?.ranges[0] : undefined
    expect(path && record.request.head.text.slice(path[0], path[1])).toBe('//a%20b')
  })

  test('?profiles= picks the profiles and their order', async () => {
    const server = await listen({ history: HISTORY })
    const { id } = await capture(server, HEAD, '0123456789')
    const { status, body } = await profilesOf(server, id, '?profiles=werkzeug,wsgiref')
    expect(status).toBe(200)
    expect(Object.keys(body.profiles)).toEqual(['werkzeug', 'wsgiref'])
    expect(body.differences.find((d) => d.key === 'REQUEST_URI')?.values).toEqual({
      werkzeug: '/a%20b?x=1',
      wsgiref: null,
    })
    const one = await profilesOf(server, id, '?profiles=werkzeug')
    expect(Object.keys(one.body.profiles)).toEqual(['werkzeug'])
    expect(one.body.differences).toEqual([])
  })

  test('a profile that refuses the request says so instead of an environ', async () => {
    const server = await listen({ scriptName: '/app', history: HISTORY })
    const { id } = await capture(server, 'GET /app/x HTTP/1.1\r\nHost: h\r\n')
    const { body } = await profilesOf(server, id, '?profiles=wsgiref,werkzeug')
    expect(body.scriptName).toBe('/app')
    for (const outcome of Object.values(body.profiles)) {
      expect(outcome).toHaveProperty('environ.SCRIPT_NAME', '/app')
      expect(outcome).toHaveProperty('environ.PATH_INFO', '/x')
    }
  })

  test('--redact: the profiles see the replaced values, and the answer says which', async () => {
    const server = await listen({ history: { ...HISTORY, redact: ['authorization'] } })
    const { id } = await capture(server, 'GET / HTTP/1.1\r\nHost: h\r\nAuthorization: secret\r\n')
    const { body } = await profilesOf(server, id, '?profiles=gunicorn')
    expect(body.redacted).toEqual(['Authorization'])
    expect(body.profiles.gunicorn).toHaveProperty('environ.HTTP_AUTHORIZATION', '[redacted]')
    expect(JSON.stringify(body)).not.toContain('secret')
  })
})

describe('errors, in the one error body', () => {
  test('an unknown or repeated profile is a 400 that names the field and the known ones', async () => {
    const server = await listen({ history: HISTORY })
    const { id } = await capture(server, 'GET / HTTP/1.1\r\nHost: h\r\n')
    const unknown = await getJson<ApiError>(
      server,
      `${API}/requests/${id}/profiles?profiles=wsgiref,tomcat`
    )
    expect(unknown.status).toBe(400)
    expect(unknown.body).toMatchObject({ code: 'EI_ERR_CAPTURE_INPUT', field: 'profiles' })
    expect(unknown.body.message).toBe(
      `"tomcat" is not a server profile; known: ${PROFILE_IDS.join(', ')}`
    )
    const twice = await getJson<ApiError>(
      server,
      `${API}/requests/${id}/profiles?profiles=wsgiref,wsgiref`
    )
    expect(twice.body.message).toBe('wsgiref is listed twice')
  })

  test('no such request, or capture off: 404 with the reason', async () => {
    const server = await listen({ history: HISTORY })
    const missing = await getJson<ApiError>(server, `${API}/requests/99/profiles`)
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('EI_ERR_CAPTURE_NOT_FOUND')
    const off = await listen({ history: { ...HISTORY, limit: 0 } })
    const none = await getJson<ApiError>(off, `${API}/requests/1/profiles`)
    expect(none.status).toBe(404)
    expect(none.body.code).toBe('EI_ERR_CAPTURE_OFF')
  })
})
