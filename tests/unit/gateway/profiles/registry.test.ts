/**
 * The profile registry: one module per contract id, and every key a profile lists has a rule.
 */
import { describe, expect, test } from 'vitest'
import {
  PROFILE_IDS,
  type ProfileId,
  profileInterface,
} from '../../../../server/contract/profiles.ts'
import { buildEnviron } from '../../../../server/gateway/environ.ts'
import {
  isAsgiProfile,
  keysBeforeHeaders,
  PROFILES,
  type WsgiProfile,
} from '../../../../server/gateway/profiles/index.ts'
import { SHARED_KEYS } from '../../../../server/gateway/profiles/key-rules.ts'
import { parseHead, SERVER } from '../../../helpers/request.ts'

const WSGI_IDS = PROFILE_IDS.filter((id) => profileInterface(id) === 'wsgi')
const ASGI_IDS = PROFILE_IDS.filter((id) => profileInterface(id) === 'asgi')

function wsgiProfile(id: ProfileId): WsgiProfile {
  const profile = PROFILES[id]
  if (isAsgiProfile(profile)) throw new Error(`${id} is an ASGI profile`)
  return profile
}

describe('the profile registry', () => {
  test.each(ASGI_IDS)('%s is ASGI by its profile and by the contract', (id) => {
    expect(isAsgiProfile(PROFILES[id])).toBe(true)
    const scope = buildEnviron(parseHead('GET / HTTP/1.1\r\nHost: h\r\n\r\n'), SERVER, id)
    expect(Object.keys(scope)).toEqual(PROFILES[id].order)
  })

  test.each(WSGI_IDS)('%s is WSGI by its profile and by the contract', (id) => {
    expect(isAsgiProfile(PROFILES[id])).toBe(false)
  })

  test.each(PROFILE_IDS)('%s has a profile under its own name', (id) => {
    expect(PROFILES[id].name).toBe(id)
  })

  test.each(WSGI_IDS)('every key %s lists has a rule: its own or a shared one', (id) => {
    const profile = wsgiProfile(id)
    for (const key of profile.order.filter((k) => !k.startsWith('@'))) {
      expect(profile.keys?.[key] ?? SHARED_KEYS[key], `${id}: ${key}`).toBeDefined()
    }
    const environ = buildEnviron(parseHead('GET / HTTP/1.1\r\nHost: h\r\n\r\n'), SERVER, id)
    expect(Object.keys(environ).length).toBeGreaterThan(0)
  })

  test.each(WSGI_IDS)('every key %s sets its own way is one it lists', (id) => {
    const profile = wsgiProfile(id)
    for (const key of Object.keys(profile.keys ?? {})) {
      expect(profile.order, `${id}: ${key}`).toContain(key)
    }
  })

  test("wsgiref's keys set before the headers come from its key order", () => {
    const keys = keysBeforeHeaders(wsgiProfile('wsgiref'))
    expect(keys.size).toBe(13)
    for (const key of ['SERVER_NAME', 'REMOTE_ADDR', 'CONTENT_TYPE', 'CONTENT_LENGTH']) {
      expect(keys.has(key), key).toBe(true)
    }
    expect(keys.has('wsgi.input')).toBe(false)
    expect(keysBeforeHeaders(wsgiProfile('gunicorn')).has('wsgi.input')).toBe(true)
  })
})
