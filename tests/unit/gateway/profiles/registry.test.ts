/**
 * The profile registry: one module per contract id, and every key a profile lists has a rule.
 */
import { describe, expect, test } from 'vitest'
import { PROFILE_IDS } from '../../../../server/contract/profiles.ts'
import { buildEnviron } from '../../../../server/gateway/environ.ts'
import { keysBeforeHeaders, PROFILES } from '../../../../server/gateway/profiles/index.ts'
import { SHARED_KEYS } from '../../../../server/gateway/profiles/key-rules.ts'
import { parseHead, SERVER } from '../../../helpers/request.ts'

describe('the profile registry', () => {
  test.each(PROFILE_IDS)('%s has a profile under its own name', (id) => {
    expect(PROFILES[id].name).toBe(id)
  })

  test.each(PROFILE_IDS)('every key %s lists has a rule: its own or a shared one', (id) => {
    const profile = PROFILES[id]
    for (const key of profile.order.filter((k) => !k.startsWith('@'))) {
      expect(profile.keys?.[key] ?? SHARED_KEYS[key], `${id}: ${key}`).toBeDefined()
    }
    const environ = buildEnviron(parseHead('GET / HTTP/1.1\r\nHost: h\r\n\r\n'), SERVER, id)
    expect(Object.keys(environ).length).toBeGreaterThan(0)
  })

  test.each(PROFILE_IDS)('every key %s sets its own way is one it lists', (id) => {
    const profile = PROFILES[id]
    for (const key of Object.keys(profile.keys ?? {})) {
      expect(profile.order, `${id}: ${key}`).toContain(key)
    }
  })

  test("wsgiref's keys set before the headers come from its key order", () => {
    const keys = keysBeforeHeaders(PROFILES.wsgiref)
    expect(keys.size).toBe(13)
    for (const key of ['SERVER_NAME', 'REMOTE_ADDR', 'CONTENT_TYPE', 'CONTENT_LENGTH']) {
      expect(keys.has(key), key).toBe(true)
    }
    expect(keys.has('wsgi.input')).toBe(false)
    expect(keysBeforeHeaders(PROFILES.gunicorn).has('wsgi.input')).toBe(true)
  })
})
