import { describe, expect, test } from 'vitest'
import { PROFILE_IDS, profileInterface } from '../../server/contract/profiles.ts'
import {
  ENVIRON_KEYS,
  type EnvironKeyDoc,
  findKeyDoc,
  OS_ENVIRON_KEY,
} from '../../server/gateway/environ-keys.ts'
import { PROFILES } from '../../server/gateway/profiles/index.ts'

const DOCS: readonly EnvironKeyDoc[] = ENVIRON_KEYS

describe('findKeyDoc', () => {
  test.each([
    { name: 'an exact key finds its own entry', key: 'REMOTE_ADDR', want: 'REMOTE_ADDR' },
    { name: 'an exact entry beats the HTTP_* family', key: 'HTTP_HOST', want: 'HTTP_HOST' },
    { name: 'HTTP_COOKIE has its own entry', key: 'HTTP_COOKIE', want: 'HTTP_COOKIE' },
    { name: 'any other header finds HTTP_*', key: 'HTTP_X_FOO', want: 'HTTP_*' },
    { name: 'the family pattern finds itself', key: 'HTTP_*', want: 'HTTP_*' },
    { name: 'wsgi keys are exact', key: 'wsgi.url_scheme', want: 'wsgi.url_scheme' },
    { name: 'the OS environment pseudo-key', key: OS_ENVIRON_KEY, want: '(os.environ)' },
    { name: 'an unknown key', key: 'NOT_A_KEY', want: undefined },
    { name: 'HTTPS is not an HTTP_ header', key: 'HTTPS', want: 'HTTPS' },
    { name: 'the bare prefix is not a header', key: 'HTTP_', want: undefined },
    { name: 'keys are case-sensitive', key: 'remote_addr', want: undefined },
    { name: 'werkzeug keys are not ours', key: 'werkzeug.proxy_fix.orig', want: undefined },
  ])('$name', ({ key, want }) => {
    expect(findKeyDoc(key)?.key).toBe(want)
  })
})

describe('ENVIRON_KEYS', () => {
  test('has unique keys', () => {
    const keys = DOCS.map((doc) => doc.key)
    expect(new Set(keys).size).toBe(keys.length)
  })

  test.each(DOCS.map((doc) => ({ ...doc, name: doc.key })))(
    '$name has a summary, a derivation, an example and an https spec link',
    (doc) => {
      expect(doc.summary.trim()).not.toBe('')
      expect(doc.derivedFrom.trim()).not.toBe('')
      expect(doc.example.trim()).not.toBe('')
      expect(new URL(doc.spec).protocol).toBe('https:')
      expect(doc.summary, 'summary is one line').not.toContain('\n')
      if (doc.profiles) {
        expect(doc.profiles.length).toBeGreaterThan(0)
        expect(new Set(doc.profiles).size).toBe(doc.profiles.length)
      }
    }
  )

  test('marks exactly the keys wsgiref.validate requires', () => {
    const required = DOCS.filter((doc) => doc.required).map((doc) => doc.key)
    expect(required.sort()).toEqual(
      [
        'REQUEST_METHOD',
        'SERVER_NAME',
        'SERVER_PORT',
        'wsgi.version',
        'wsgi.input',
        'wsgi.errors',
        'wsgi.multithread',
        'wsgi.multiprocess',
        'wsgi.run_once',
        'wsgi.url_scheme',
      ].sort()
    )
  })

  test('required keys are set by every profile', () => {
    for (const doc of DOCS.filter((d) => d.required)) {
      expect(doc.profiles, doc.key).toBeUndefined()
    }
  })

  test('marks as rewritten by proxy-fix exactly the keys ProxyFix saves in its orig dict', () => {
    const rewritten = DOCS.filter((doc) => doc.rewrittenBy?.includes('proxy-fix')).map(
      (doc) => doc.key
    )
    expect(rewritten.sort()).toEqual(
      [
        'REMOTE_ADDR',
        'wsgi.url_scheme',
        'HTTP_HOST',
        'SERVER_NAME',
        'SERVER_PORT',
        'SCRIPT_NAME',
      ].sort()
    )
  })

  test.each([
    { key: 'GATEWAY_INTERFACE', profiles: ['wsgiref', 'django'] },
    { key: 'REMOTE_HOST', profiles: ['wsgiref', 'waitress', 'django'] },
    { key: 'HTTPS', profiles: ['wsgiref', 'django'] },
    { key: OS_ENVIRON_KEY, profiles: ['wsgiref', 'django'] },
    { key: 'REMOTE_PORT', profiles: ['gunicorn', 'werkzeug', 'waitress', 'cheroot'] },
    { key: 'RAW_URI', profiles: ['gunicorn', 'werkzeug'] },
    { key: 'REQUEST_URI', profiles: ['werkzeug', 'waitress', 'cheroot', 'uwsgi'] },
    { key: 'wsgi.file_wrapper', profiles: ['wsgiref', 'gunicorn', 'waitress', 'uwsgi', 'django'] },
    { key: 'wsgi.input_terminated', profiles: ['gunicorn', 'werkzeug', 'waitress', 'cheroot'] },
    { key: 'wsgi.early_hints', profiles: ['gunicorn'] },
    { key: 'gunicorn.socket', profiles: ['gunicorn'] },
    { key: 'werkzeug.socket', profiles: ['werkzeug'] },
    { key: 'uwsgi.version', profiles: ['uwsgi'] },
    { key: 'uwsgi.node', profiles: ['uwsgi'] },
    { key: 'waitress.client_disconnected', profiles: ['waitress'] },
  ])('$key is limited to $profiles', ({ key, profiles }) => {
    expect(findKeyDoc(key)?.profiles).toEqual(profiles)
  })

  test('only family entries use "*", and only at the end', () => {
    for (const doc of DOCS) {
      expect(doc.key.slice(0, -1), doc.key).not.toContain('*')
    }
  })

  test('documents every key a profile lists in its key order', () => {
    for (const id of PROFILE_IDS) {
      for (const key of PROFILES[id].order.filter((k) => !k.startsWith('@'))) {
        expect(findKeyDoc(key), `${id} sets ${key}`).toBeDefined()
      }
    }
  })

  test('limits an entry to exactly the profiles whose key order contains it', () => {
    for (const doc of DOCS.filter(
      (d) => d.profiles && d.key !== OS_ENVIRON_KEY && d.key !== 'HTTPS'
    )) {
      const setBy = PROFILE_IDS.filter((id) =>
        (PROFILES[id].order as readonly string[]).includes(doc.key)
      )
      expect(setBy, doc.key).toEqual(doc.profiles)
    }
  })

  test("names every profile's SERVER_SOFTWARE", () => {
    const doc = findKeyDoc('SERVER_SOFTWARE')
    // an ASGI scope has no SERVER_SOFTWARE (its server sends it as the Server header)
    for (const id of PROFILE_IDS.filter((p) => profileInterface(p) === 'wsgi')) {
      expect(doc?.derivedFrom).toContain(`"${PROFILES[id].serverSoftware}"`)
    }
  })
})
