import { describe, expect, test } from 'vitest'
import type { Environ, EnvironValue } from '../../../server/contract/python.ts'
import {
  applicationUri,
  guessScheme,
  isHopByHop,
  requestUri,
  setupTestingDefaults,
  shiftPathInfo,
} from '../../../server/gateway/util.ts'

// Cases are CPython 3.11 Lib/test/test_wsgiref.py UtilityTests, by test name, unless the
// name says otherwise. Like checkShift/checkAppURI there, `given` goes through
// setupTestingDefaults() first.

describe('shiftPathInfo', () => {
  const checkShift = (
    name: string,
    [scriptName, pathInfo]: [string, string],
    [part, scriptNameOut, pathInfoOut]: [string | undefined, string, string]
  ) => ({
    name,
    given: { SCRIPT_NAME: scriptName, PATH_INFO: pathInfo },
    want: { part, SCRIPT_NAME: scriptNameOut, PATH_INFO: pathInfoOut },
  })

  const cases = [
    checkShift(
      'testSimpleShifts: "/" shifts "" and leaves SCRIPT_NAME "/"',
      ['', '/'],
      ['', '/', '']
    ),
    checkShift('testSimpleShifts: "/x" shifts "x"', ['', '/x'], ['x', '/x', '']),
    checkShift('testSimpleShifts: empty PATH_INFO shifts nothing', ['/', ''], [undefined, '/', '']),
    checkShift(
      'testSimpleShifts: "/x/y" under "/a" shifts "x"',
      ['/a', '/x/y'],
      ['x', '/a/x', '/y']
    ),
    checkShift('testSimpleShifts: "/x/" keeps the trailing "/"', ['/a', '/x/'], ['x', '/a/x', '/']),
    checkShift(
      'testNormalizedShifts: ".." climbs out of SCRIPT_NAME',
      ['/a/b', '/../y'],
      ['..', '/a', '/y']
    ),
    checkShift('testNormalizedShifts: ".." cannot climb above ""', ['', '/../y'], ['..', '', '/y']),
    checkShift(
      'testNormalizedShifts: "//y" skips the empty segment',
      ['/a/b', '//y'],
      ['y', '/a/b/y', '']
    ),
    checkShift(
      'testNormalizedShifts: "//y/" keeps the trailing "/"',
      ['/a/b', '//y/'],
      ['y', '/a/b/y', '/']
    ),
    checkShift('testNormalizedShifts: "/./y" skips "."', ['/a/b', '/./y'], ['y', '/a/b/y', '']),
    checkShift('testNormalizedShifts: "/./y/" skips "."', ['/a/b', '/./y/'], ['y', '/a/b/y', '/']),
    checkShift(
      'testNormalizedShifts: "///./..//y/.//" shifts ".." and tidies the rest',
      ['/a/b', '///./..//y/.//'],
      ['..', '/a', '/y/']
    ),
    checkShift('testNormalizedShifts: "///" shifts ""', ['/a/b', '///'], ['', '/a/b/', '']),
    checkShift('testNormalizedShifts: "/.//" shifts ""', ['/a/b', '/.//'], ['', '/a/b/', '']),
    checkShift(
      'testNormalizedShifts: "/x//" keeps one "/"',
      ['/a/b', '/x//'],
      ['x', '/a/b/x', '/']
    ),
    checkShift(
      'testNormalizedShifts: "/." shifts nothing',
      ['/a/b', '/.'],
      [undefined, '/a/b', '']
    ),
    checkShift(
      'keeps the two leading slashes POSIX normpath keeps when SCRIPT_NAME is "/"',
      ['/', '/x'],
      ['x', '//x', '']
    ),
    checkShift('collapses three leading slashes to one', ['//', '/x'], ['x', '/x', '']),
  ]

  test.each(cases)('$name', ({ given, want }) => {
    const environ = setupTestingDefaults({ ...given })
    expect(shiftPathInfo(environ), 'part').toBe(want.part)
    expect(environ.PATH_INFO, 'PATH_INFO').toBe(want.PATH_INFO)
    expect(environ.SCRIPT_NAME, 'SCRIPT_NAME').toBe(want.SCRIPT_NAME)
  })

  test('throws IndexError, as Python does, for a PATH_INFO without "/"', () => {
    expect(() => shiftPathInfo({ PATH_INFO: 'x' })).toThrow(
      expect.objectContaining({ name: 'IndexError', message: 'list index out of range' })
    )
  })
})

describe('setupTestingDefaults', () => {
  const defaults: Array<{ name: string; given: string; want: EnvironValue }> = [
    { name: 'testDefaults: SERVER_NAME is 127.0.0.1', given: 'SERVER_NAME', want: '127.0.0.1' },
    { name: 'testDefaults: SERVER_PORT is 80', given: 'SERVER_PORT', want: '80' },
    {
      name: 'testDefaults: SERVER_PROTOCOL is HTTP/1.0',
      given: 'SERVER_PROTOCOL',
      want: 'HTTP/1.0',
    },
    { name: 'testDefaults: HTTP_HOST is 127.0.0.1', given: 'HTTP_HOST', want: '127.0.0.1' },
    { name: 'testDefaults: REQUEST_METHOD is GET', given: 'REQUEST_METHOD', want: 'GET' },
    { name: 'testDefaults: SCRIPT_NAME is empty', given: 'SCRIPT_NAME', want: '' },
    { name: 'testDefaults: PATH_INFO is /', given: 'PATH_INFO', want: '/' },
    {
      name: 'testDefaults: wsgi.version is (1, 0)',
      given: 'wsgi.version',
      want: { pyTuple: [1, 0] },
    },
    { name: 'testDefaults: wsgi.run_once is the int 0', given: 'wsgi.run_once', want: 0 },
    { name: 'testDefaults: wsgi.multithread is the int 0', given: 'wsgi.multithread', want: 0 },
    { name: 'testDefaults: wsgi.multiprocess is the int 0', given: 'wsgi.multiprocess', want: 0 },
    { name: 'testDefaults: wsgi.url_scheme is http', given: 'wsgi.url_scheme', want: 'http' },
  ]

  test.each(defaults)('$name', ({ given, want }) => {
    expect(setupTestingDefaults({})[given]).toEqual(want)
    // an existing value is kept, whatever it is
    const alt = { pyRepr: '<object object at 0x1>' }
    expect(setupTestingDefaults({ [given]: alt })[given]).toBe(alt)
  })

  test('testDefaults: wsgi.input is an empty BytesIO', () => {
    const input = setupTestingDefaults({})['wsgi.input']
    expect(input).toMatchObject({ pyRepr: expect.stringMatching(/^<_io\.BytesIO object at 0x/) })
    const stream = input as unknown as { read(): Uint8Array; readlines(): Uint8Array[] }
    expect(stream.read()).toEqual(new Uint8Array(0))
    expect(stream.readlines()).toEqual([])
  })

  test('testDefaults: wsgi.errors is a StringIO', () => {
    const errors = setupTestingDefaults({})['wsgi.errors']
    expect(errors).toMatchObject({ pyRepr: expect.stringMatching(/^<_io\.StringIO object at 0x/) })
    expect(() => (errors as unknown as { write(text: string): void }).write('oops')).not.toThrow()
  })

  test('does not set QUERY_STRING, as wsgiref does not', () => {
    expect(setupTestingDefaults({})).not.toHaveProperty('QUERY_STRING')
  })

  const crossDefaults: Array<{
    name: string
    given: Environ
    want: Readonly<Record<string, EnvironValue | undefined>>
  }> = [
    {
      name: 'testCrossDefaults: HTTP_HOST follows SERVER_NAME',
      given: { SERVER_NAME: 'foo.bar' },
      want: { HTTP_HOST: 'foo.bar' },
    },
    {
      name: 'testCrossDefaults: HTTPS=on makes the scheme https',
      given: { HTTPS: 'on' },
      want: { 'wsgi.url_scheme': 'https' },
    },
    {
      name: 'testCrossDefaults: HTTPS=1 makes the scheme https',
      given: { HTTPS: '1' },
      want: { 'wsgi.url_scheme': 'https' },
    },
    {
      name: 'testCrossDefaults: HTTPS=yes makes the scheme https',
      given: { HTTPS: 'yes' },
      want: { 'wsgi.url_scheme': 'https' },
    },
    {
      name: 'testCrossDefaults: HTTPS=foo leaves the scheme http',
      given: { HTTPS: 'foo' },
      want: { 'wsgi.url_scheme': 'http' },
    },
    {
      name: 'testCrossDefaults: HTTPS=foo leaves port 80',
      given: { HTTPS: 'foo' },
      want: { SERVER_PORT: '80' },
    },
    {
      name: 'testCrossDefaults: HTTPS=on makes port 443',
      given: { HTTPS: 'on' },
      want: { SERVER_PORT: '443' },
    },
    {
      name: 'sets neither SCRIPT_NAME nor PATH_INFO when one of them is given',
      given: { PATH_INFO: '/x' },
      want: { PATH_INFO: '/x', SCRIPT_NAME: undefined },
    },
  ]

  test.each(crossDefaults)('$name', ({ given, want }) => {
    const environ = setupTestingDefaults({ ...given })
    for (const [key, value] of Object.entries(want)) {
      expect(environ[key], key).toEqual(value)
    }
  })
})

describe('guessScheme', () => {
  const cases: Array<{ name: string; given: Environ; want: string }> = [
    { name: 'testGuessScheme: no HTTPS means http', given: {}, want: 'http' },
    { name: 'testGuessScheme: HTTPS=foo means http', given: { HTTPS: 'foo' }, want: 'http' },
    { name: 'testGuessScheme: HTTPS=on means https', given: { HTTPS: 'on' }, want: 'https' },
    { name: 'testGuessScheme: HTTPS=yes means https', given: { HTTPS: 'yes' }, want: 'https' },
    { name: 'testGuessScheme: HTTPS=1 means https', given: { HTTPS: '1' }, want: 'https' },
    { name: 'HTTPS=ON is not "on": the match is exact', given: { HTTPS: 'ON' }, want: 'http' },
    { name: 'an Https request header is not HTTPS', given: { HTTP_HTTPS: 'on' }, want: 'http' },
  ]

  test.each(cases)('$name', ({ given, want }) => {
    expect(guessScheme(given)).toBe(want)
  })
})

describe('applicationUri', () => {
  const cases: Array<{ name: string; given: Environ; want: string }> = [
    {
      name: 'testAppURIs: the defaults give http://127.0.0.1/',
      given: {},
      want: 'http://127.0.0.1/',
    },
    {
      name: 'testAppURIs: SCRIPT_NAME is appended',
      given: { SCRIPT_NAME: '/spam' },
      want: 'http://127.0.0.1/spam',
    },
    {
      name: 'testAppURIs: SCRIPT_NAME is quoted as latin-1 bytes',
      given: { SCRIPT_NAME: '/sp\xe4m' },
      want: 'http://127.0.0.1/sp%E4m',
    },
    {
      name: 'testAppURIs: HTTP_HOST keeps its own port',
      given: { HTTP_HOST: 'spam.example.com:2071', SERVER_PORT: '2071' },
      want: 'http://spam.example.com:2071/',
    },
    {
      name: 'testAppURIs: HTTP_HOST defaults to SERVER_NAME',
      given: { SERVER_NAME: 'spam.example.com' },
      want: 'http://spam.example.com/',
    },
    {
      name: 'testAppURIs: HTTP_HOST wins over SERVER_NAME',
      given: { HTTP_HOST: '127.0.0.1', SERVER_NAME: 'spam.example.com' },
      want: 'http://127.0.0.1/',
    },
    {
      name: 'testAppURIs: HTTPS=on gives https',
      given: { HTTPS: 'on' },
      want: 'https://127.0.0.1/',
    },
    {
      name: 'testAppURIs: without HTTP_HOST a non-default SERVER_PORT is appended',
      given: { SERVER_PORT: '8000', HTTP_HOST: null },
      want: 'http://127.0.0.1:8000/',
    },
    {
      name: 'elides port 443 for https without HTTP_HOST',
      given: { HTTPS: 'on', HTTP_HOST: '' },
      want: 'https://127.0.0.1/',
    },
    {
      name: 'keeps port 80 for https without HTTP_HOST',
      given: { 'wsgi.url_scheme': 'https', SERVER_PORT: '80', HTTP_HOST: '' },
      want: 'https://127.0.0.1:80/',
    },
    {
      name: 'quotes everything but letters, digits, "_.-~" and "/" in SCRIPT_NAME',
      given: { SCRIPT_NAME: "/a b;c=d,e?f#g~h!*'()" },
      want: 'http://127.0.0.1/a%20b%3Bc%3Dd%2Ce%3Ff%23g~h%21%2A%27%28%29',
    },
  ]

  test.each(cases)('$name', ({ given, want }) => {
    expect(applicationUri(setupTestingDefaults({ ...given }))).toBe(want)
  })

  const failures: Array<{ name: string; given: Environ; want: { name: string; message: string } }> =
    [
      {
        name: 'throws KeyError without wsgi.url_scheme',
        given: { SERVER_NAME: 'x', SERVER_PORT: '80' },
        want: { name: 'KeyError', message: "'wsgi.url_scheme'" },
      },
      {
        name: 'throws UnicodeEncodeError for a SCRIPT_NAME that is not latin-1',
        given: { 'wsgi.url_scheme': 'http', HTTP_HOST: 'x', SCRIPT_NAME: '/caf\u20ac' },
        want: {
          name: 'UnicodeEncodeError',
          message:
            "'latin-1' codec can't encode character '\\u20ac' in position 4: ordinal not in range(256)",
        },
      },
    ]

  test.each(failures)('$name', ({ given, want }) => {
    expect(() => applicationUri(given)).toThrow(expect.objectContaining(want))
  })
})

describe('requestUri', () => {
  const cases: Array<{ name: string; given: Environ; includeQuery?: boolean; want: string }> = [
    {
      name: 'testReqURIs: the defaults give http://127.0.0.1/',
      given: {},
      want: 'http://127.0.0.1/',
    },
    {
      name: 'testReqURIs: SCRIPT_NAME alone',
      given: { SCRIPT_NAME: '/spam' },
      want: 'http://127.0.0.1/spam',
    },
    {
      name: 'testReqURIs: SCRIPT_NAME quoted as latin-1',
      given: { SCRIPT_NAME: '/sp\xe4m' },
      want: 'http://127.0.0.1/sp%E4m',
    },
    {
      name: 'testReqURIs: SCRIPT_NAME then PATH_INFO',
      given: { SCRIPT_NAME: '/spammity', PATH_INFO: '/spam' },
      want: 'http://127.0.0.1/spammity/spam',
    },
    {
      name: 'testReqURIs: PATH_INFO quoted as latin-1',
      given: { SCRIPT_NAME: '/spammity', PATH_INFO: '/sp\xe4m' },
      want: 'http://127.0.0.1/spammity/sp%E4m',
    },
    {
      name: 'testReqURIs: ";" stays in PATH_INFO',
      given: { SCRIPT_NAME: '/spammity', PATH_INFO: '/spam;ham' },
      want: 'http://127.0.0.1/spammity/spam;ham',
    },
    {
      name: 'testReqURIs: "=" and "," stay in PATH_INFO',
      given: { SCRIPT_NAME: '/spammity', PATH_INFO: '/spam;cookie=1234,5678' },
      want: 'http://127.0.0.1/spammity/spam;cookie=1234,5678',
    },
    {
      name: 'testReqURIs: QUERY_STRING is appended after "?"',
      given: { SCRIPT_NAME: '/spammity', PATH_INFO: '/spam', QUERY_STRING: 'say=ni' },
      want: 'http://127.0.0.1/spammity/spam?say=ni',
    },
    {
      name: 'testReqURIs: QUERY_STRING is appended raw',
      given: { SCRIPT_NAME: '/spammity', PATH_INFO: '/spam', QUERY_STRING: 's%E4y=ni' },
      want: 'http://127.0.0.1/spammity/spam?s%E4y=ni',
    },
    {
      name: 'testReqURIs: includeQuery=false drops QUERY_STRING',
      given: { SCRIPT_NAME: '/spammity', PATH_INFO: '/spam', QUERY_STRING: 'say=ni' },
      includeQuery: false,
      want: 'http://127.0.0.1/spammity/spam',
    },
    {
      name: 'quotes "?" and "#" in PATH_INFO so they cannot start a query or fragment',
      given: { PATH_INFO: '/a?b#c d' },
      want: 'http://127.0.0.1/a%3Fb%23c%20d',
    },
    {
      name: 'lets PATH_INFO\'s first "/" stand in for the one applicationUri ends with',
      given: { SCRIPT_NAME: '', PATH_INFO: '/x/' },
      want: 'http://127.0.0.1/x/',
    },
    {
      name: 'adds no "?" for an empty QUERY_STRING',
      given: { QUERY_STRING: '' },
      want: 'http://127.0.0.1/',
    },
  ]

  test.each(cases)('$name', ({ given, includeQuery, want }) => {
    expect(requestUri(setupTestingDefaults({ ...given }), includeQuery)).toBe(want)
  })
})

describe('isHopByHop', () => {
  const spellings = (names: string) =>
    names.split(' ').flatMap((hop) => [hop, titleCase(hop), hop.toUpperCase(), hop.toLowerCase()])

  const cases = [
    ...spellings(
      'Connection Keep-Alive Proxy-Authenticate Proxy-Authorization TE Trailers Transfer-Encoding Upgrade'
    ).map((given) => ({ name: `testHopByHop: ${given} is hop-by-hop`, given, want: true })),
    ...spellings('Accept Cache-Control Date Pragma Trailer Via Warning').map((given) => ({
      name: `testHopByHop: ${given} is end-to-end`,
      given,
      want: false,
    })),
  ]

  test.each(cases)('$name', ({ given, want }) => {
    expect(isHopByHop(given)).toBe(want)
  })
})

/** Python's str.title(): capitalise each run of letters. */
function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[^a-z])([a-z])/g, (_, before, letter) => before + letter.toUpperCase())
}
