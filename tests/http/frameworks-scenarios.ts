/**
 * @module
 * The frameworks API's scenario table: request × profile × proxy policy × settings, from the
 * issue-tracker classics (http:// links behind TLS, DisallowedHost, CSRF failure on POST
 * behind a TLS proxy, FastAPI under a path prefix, the HTTPS redirect loop) to ordinary
 * requests and odd bytes.
 *
 * `expect` pins what the modelled releases answer (checked without Python, in
 * tests/unit/frameworks/scenarios.test.ts). `debian` lists, per expression, where the
 * releases Debian packages (Flask/Werkzeug 2.2.2, Django 3.2.25, Starlette 0.26.1, FastAPI
 * 0.92.0) answer differently, with the change that explains it; the differential test
 * (tests/http/frameworks-differential.test.ts) checks Debian's answer is exactly that, and
 * every expression not listed equal to the model's.
 */
import type { FrameworksApiRequest } from '../../server/contract/api/frameworks.ts'

export type Framework = 'flask' | 'django' | 'starlette'

/** An evaluation as one line: the value's repr (`[message]` after it, if any) or `raises Type: message`. */
export type Shown = string

export interface Difference {
  /** What Debian's release answers, in the {@link Shown} form. */
  readonly debian: Shown
  /** The change between that release and the modelled one. */
  readonly because: string
  /**
   * Starlette only: on the scope uvicorn < 0.26 builds (root_path not in path), Debian's
   * Starlette answers as the model does, which the test checks too.
   */
  readonly legacyScopeAgrees?: true
}

export interface Scenario {
  readonly name: string
  readonly body: FrameworksApiRequest
  readonly expect?: Partial<Record<Framework, Readonly<Record<string, Shown>>>>
  /** Text each listed expression's notes must contain. */
  readonly expectNotes?: Partial<Record<Framework, Readonly<Record<string, string>>>>
  readonly debian?: Partial<Record<Framework, Readonly<Record<string, Difference>>>>
}

/** The releases the `debian` lists were written against (Debian 12 "bookworm"). */
export const DEBIAN_RELEASES = {
  flask: '2.2.2',
  werkzeug: '2.2.2',
  django: '3.2.25',
  starlette: '0.26.1',
  fastapi: '0.92.0',
} as const

// Why Debian's releases differ: the changes, named once
const DJANGO_41_LEFTMOST =
  'Django 4.1 reads the leftmost value of SECURE_PROXY_SSL_HEADER and no longer falls back to wsgi.url_scheme when it does not match (django/django#15497, ticket #33569); 3.2 compares the whole header'
const DJANGO_40_ORIGIN =
  'Django 4.0 added the Origin check to CsrfViewMiddleware (ticket #16010); 3.2 checks only the Referer of secure requests'
const DJANGO_40_TRUSTED_ORIGINS =
  'Django 4.0 made CSRF_TRUSTED_ORIGINS entries origins with a scheme (https://*.example.com); 3.2 took host patterns (.example.com), so a scheme-ful entry matches no Referer there'
const FLASK_31_TRUSTED_HOSTS =
  'Flask 3.1 added the TRUSTED_HOSTS config, checked while the URL adapter is made (pallets/flask#5636); Flask 2.2 ignores the key'
const WERKZEUG_23_QUOTING =
  "Werkzeug 2.3 builds request.url with urllib.parse and the WHATWG URL standard's safe characters (pallets/werkzeug#2600, #2601): '/' stays in the query; 2.2's url_quote encoded it"
const WERKZEUG_23_HOSTNAME =
  "Werkzeug 2.3's uri_to_iri takes urlsplit's hostname, which is lower-cased (pallets/werkzeug#2600); 2.2 kept the Host header's case"
const WERKZEUG_317_HOST =
  'Werkzeug 3.1.7 validates the Host header\'s characters and 3.1.8 answers "" for an invalid one (pallets/werkzeug#3113, #3142); 2.2 used it unchecked'
const STARLETTE_035_ROOT_PATH =
  "Starlette 0.35 builds request.url from scope['path'] alone, which uvicorn ≥ 0.26 already starts with root_path (Kludex/starlette#2400); 0.26.1 put root_path in front again"
const STARLETTE_035_ROUTING =
  'Starlette 0.35 routes on the path after root_path (get_route_path, Kludex/starlette#2400); 0.26.1 routed on the whole path, so /api/docs under root_path /api matched no docs route'

/**
 * The five Flask expressions built on `request.host` when Debian's Werkzeug/Flask take the
 * host as it came: `origin` is the URL's `scheme://host`, `host` what `request.host` says.
 */
function flaskHostDifferences(
  origin: string,
  path: string,
  host: string,
  because: string
): Record<string, Difference> {
  return {
    'request.url': { debian: `'${origin}${path}'`, because },
    'request.base_url': { debian: `'${origin}${path}'`, because },
    'request.host_url': { debian: `'${origin}/'`, because },
    'request.host': { debian: `'${host}'`, because },
    "url_for('index', _external=True)": { debian: `'${origin}/'`, because },
  }
}

/** A request through nginx with TLS: `proxy_set_header` Host, X-Forwarded-For and -Proto. */
const BEHIND_TLS = {
  method: 'GET',
  target: '/account?tab=1',
  httpVersion: '1.0',
  headers: [
    ['Host', 'www.example.com'],
    ['X-Forwarded-For', '203.0.113.7'],
    ['X-Forwarded-Proto', 'https'],
  ],
  peer: { address: '127.0.0.1', port: 41000 },
} as const satisfies FrameworksApiRequest['request']

/** A browser's POST to the same site through that proxy. */
const POST_BEHIND_TLS = {
  method: 'POST',
  target: '/cart/checkout',
  httpVersion: '1.0',
  headers: [
    ['Host', 'www.example.com'],
    ['X-Forwarded-For', '203.0.113.7'],
    ['X-Forwarded-Proto', 'https'],
    ['Origin', 'https://www.example.com'],
    ['Referer', 'https://www.example.com/cart'],
  ],
  peer: { address: '127.0.0.1', port: 41000 },
} as const satisfies FrameworksApiRequest['request']

const NONE = { mode: 'none' } as const
const SITE = { ALLOWED_HOSTS: ['www.example.com'] }

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'a plain request on localhost, every default',
    body: {
      request: { target: '/?q=1', headers: [['Host', '127.0.0.1:8000']] },
      policy: NONE,
      settings: { django: { DEBUG: true } },
    },
    expect: {
      flask: {
        'request.url': "'http://127.0.0.1:8000/?q=1'",
        "url_for('index', _external=True)": "'http://127.0.0.1:8000/'",
      },
      django: { 'request.build_absolute_uri()': "'http://127.0.0.1:8000/?q=1'" },
      starlette: { 'request.url': "URL('http://127.0.0.1:8000/?q=1')" },
    },
  },
  {
    name: 'behind TLS, nothing trusted: Flask builds http:// links (pallets/flask#3474)',
    body: { request: BEHIND_TLS, policy: NONE, settings: { django: SITE } },
    expect: {
      flask: {
        'request.url': "'http://www.example.com/account?tab=1'",
        'request.is_secure': 'False',
        'request.remote_addr': "'127.0.0.1'",
        "url_for('index', _external=True)": "'http://www.example.com/'",
      },
      django: {
        'request.build_absolute_uri()': "'http://www.example.com/account?tab=1'",
        'request.is_secure()': 'False',
      },
      starlette: {
        'request.url': "URL('http://www.example.com/account?tab=1')",
        HTTPSRedirectMiddleware: "(307, 'https://www.example.com/account?tab=1')",
      },
    },
  },
  {
    name: 'behind TLS with ProxyFix(x_for=1, x_proto=1) around the Flask app',
    body: {
      request: BEHIND_TLS,
      policy: NONE,
      settings: { flask: { ProxyFix: { x_for: 1, x_proto: 1 } }, django: SITE },
    },
    expect: {
      flask: {
        'request.url': "'https://www.example.com/account?tab=1'",
        'request.is_secure': 'True',
        'request.remote_addr': "'203.0.113.7'",
        "url_for('index', _external=True)": "'https://www.example.com/'",
      },
    },
  },
  {
    name: 'behind TLS, the server trusts its proxy (gunicorn --forwarded-allow-ips style)',
    body: {
      request: BEHIND_TLS,
      policy: { mode: 'trusted', proxies: ['127.0.0.1'] },
      settings: { django: SITE },
    },
    expect: {
      flask: { 'request.url': "'https://www.example.com/account?tab=1'" },
      django: { 'request.build_absolute_uri()': "'https://www.example.com/account?tab=1'" },
      starlette: {
        'request.url': "URL('https://www.example.com/account?tab=1')",
        'request.client': "Address(host='203.0.113.7', port=0)",
        HTTPSRedirectMiddleware: 'None',
      },
    },
  },
  {
    name: 'Django behind TLS with SECURE_PROXY_SSL_HEADER',
    body: {
      request: BEHIND_TLS,
      policy: NONE,
      settings: {
        django: { ...SITE, SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'] },
      },
    },
    expect: {
      django: {
        'request.is_secure()': 'True',
        'request.build_absolute_uri()': "'https://www.example.com/account?tab=1'",
      },
    },
  },
  {
    name: 'two proxies append X-Forwarded-Proto: "https, http" (django/django#15497)',
    body: {
      request: {
        target: '/',
        headers: [
          ['Host', 'www.example.com'],
          ['X-Forwarded-Proto', 'https, http'],
        ],
      },
      policy: NONE,
      settings: {
        django: { ...SITE, SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'] },
      },
    },
    expect: {
      django: {
        'request.is_secure()': 'True',
        'CsrfViewMiddleware.process_view() on POST':
          '<HttpResponseForbidden status_code=403, "text/html"> [Referer checking failed - no Referer.]',
      },
    },
    expectNotes: { django: { 'request.is_secure()': 'django/django#15497' } },
    debian: {
      django: {
        'request.is_secure()': { debian: 'False', because: DJANGO_41_LEFTMOST },
        'request.build_absolute_uri()': {
          debian: "'http://www.example.com/'",
          because: DJANGO_41_LEFTMOST,
        },
        'CsrfViewMiddleware.process_view() on POST': {
          debian: 'None',
          because: `${DJANGO_41_LEFTMOST}; not secure, 3.2 skips the Referer check`,
        },
      },
    },
  },
  {
    name: 'the site reached by its IP address: DisallowedHost',
    body: {
      request: { target: '/', headers: [['Host', '203.0.113.50']] },
      policy: NONE,
      settings: { django: SITE },
    },
    expect: {
      django: {
        'request.get_host()':
          "raises DisallowedHost: Invalid HTTP_HOST header: '203.0.113.50'. You may need to add '203.0.113.50' to ALLOWED_HOSTS.",
        'request.build_absolute_uri()':
          "raises DisallowedHost: Invalid HTTP_HOST header: '203.0.113.50'. You may need to add '203.0.113.50' to ALLOWED_HOSTS.",
      },
    },
  },
  {
    name: 'USE_X_FORWARDED_HOST with a list in X-Forwarded-Host: never split on commas',
    body: {
      request: {
        target: '/',
        headers: [
          ['Host', 'internal:8000'],
          ['X-Forwarded-Host', 'www.example.com, internal.example'],
        ],
      },
      policy: NONE,
      settings: { django: { ALLOWED_HOSTS: ['.example.com'], USE_X_FORWARDED_HOST: true } },
    },
    expect: {
      django: {
        'request.get_host()':
          "raises DisallowedHost: Invalid HTTP_HOST header: 'www.example.com, internal.example'. The domain name provided is not valid according to RFC 1034/1035.",
      },
    },
  },
  {
    name: 'CSRF failure on a POST behind a TLS proxy (Flagsmith#418, pretix#826)',
    body: { request: POST_BEHIND_TLS, policy: NONE, settings: { django: SITE } },
    expect: {
      django: {
        'CsrfViewMiddleware.process_view() on POST':
          '<HttpResponseForbidden status_code=403, "text/html"> [Origin checking failed - https://www.example.com does not match any trusted origins.]',
      },
    },
    debian: {
      django: {
        'CsrfViewMiddleware.process_view() on POST': {
          debian: 'None',
          because: `${DJANGO_40_ORIGIN}; the request is not secure to Django, so 3.2 checks nothing but the token`,
        },
      },
    },
  },
  {
    name: 'the same POST with SECURE_PROXY_SSL_HEADER: accepted',
    body: {
      request: POST_BEHIND_TLS,
      policy: NONE,
      settings: {
        django: { ...SITE, SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'] },
      },
    },
    expect: { django: { 'CsrfViewMiddleware.process_view() on POST': 'None' } },
  },
  {
    name: "CSRF_TRUSTED_ORIGINS still in Django 3.2's form (a bare host)",
    body: {
      request: {
        method: 'POST',
        target: '/api/save',
        headers: [
          ['Host', 'api.example.com'],
          ['Origin', 'https://app.example.com'],
          ['Referer', 'https://app.example.com/editor'],
          ['X-Forwarded-Proto', 'https'],
        ],
      },
      policy: NONE,
      settings: {
        django: {
          ALLOWED_HOSTS: ['api.example.com'],
          SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'],
          CSRF_TRUSTED_ORIGINS: ['app.example.com'],
        },
      },
    },
    expect: {
      django: {
        'CsrfViewMiddleware.process_view() on POST':
          '<HttpResponseForbidden status_code=403, "text/html"> [Origin checking failed - https://app.example.com does not match any trusted origins.]',
      },
    },
    expectNotes: { django: { 'CsrfViewMiddleware.process_view() on POST': 'has no scheme' } },
    debian: {
      django: {
        'CsrfViewMiddleware.process_view() on POST': {
          debian: 'None',
          because: `${DJANGO_40_ORIGIN}; its Referer check matches the bare host app.example.com`,
        },
      },
    },
  },
  {
    name: 'CSRF_TRUSTED_ORIGINS with a wildcard, Referer from a subdomain',
    body: {
      request: {
        method: 'POST',
        target: '/form',
        headers: [
          ['Host', 'www.example.com'],
          ['X-Forwarded-Proto', 'https'],
          ['Referer', 'https://app.example.com/x'],
        ],
      },
      policy: { mode: 'proxy-fix', xFor: 1, xProto: 1 },
      settings: { django: { ...SITE, CSRF_TRUSTED_ORIGINS: ['https://*.example.com'] } },
    },
    expect: { django: { 'CsrfViewMiddleware.process_view() on POST': 'None' } },
    debian: {
      django: {
        'CsrfViewMiddleware.process_view() on POST': {
          debian:
            '<HttpResponseForbidden status_code=403, "text/html"> [Referer checking failed - https://app.example.com/x does not match any trusted origins.]',
          because: DJANGO_40_TRUSTED_ORIGINS,
        },
      },
    },
  },
  {
    name: 'a secure POST with no Origin and no Referer',
    body: {
      request: {
        method: 'POST',
        target: '/form',
        headers: [
          ['Host', 'www.example.com'],
          ['X-Forwarded-Proto', 'https'],
        ],
      },
      policy: { mode: 'proxy-fix', xFor: 1, xProto: 1 },
      settings: { django: SITE },
    },
    expect: {
      django: {
        'CsrfViewMiddleware.process_view() on POST':
          '<HttpResponseForbidden status_code=403, "text/html"> [Referer checking failed - no Referer.]',
      },
    },
  },
  {
    name: 'Flask under a prefix, X-Forwarded-Prefix not trusted (x_prefix=0)',
    body: {
      request: {
        target: '/dashboard',
        headers: [
          ['Host', 'www.example.com'],
          ['X-Forwarded-Proto', 'https'],
          ['X-Forwarded-Prefix', '/app'],
        ],
      },
      policy: NONE,
      settings: { flask: { ProxyFix: { x_for: 1, x_proto: 1 } } },
    },
    expect: {
      flask: {
        "url_for('index', _external=True)": "'https://www.example.com/'",
        'request.root_path': "''",
      },
    },
  },
  {
    name: 'Flask under a prefix with ProxyFix(x_prefix=1)',
    body: {
      request: {
        target: '/dashboard',
        headers: [
          ['Host', 'www.example.com'],
          ['X-Forwarded-Proto', 'https'],
          ['X-Forwarded-Prefix', '/app'],
        ],
      },
      policy: NONE,
      settings: {
        flask: { ProxyFix: { x_for: 1, x_proto: 1, x_prefix: 1 }, APPLICATION_ROOT: '/ignored' },
      },
    },
    expect: {
      flask: {
        "url_for('index', _external=True)": "'https://www.example.com/app/'",
        'request.url': "'https://www.example.com/app/dashboard'",
        'request.root_path': "'/app'",
      },
    },
  },
  {
    name: 'every X-Forwarded-* header through ProxyFix, and Django with FORCE_SCRIPT_NAME',
    body: {
      request: {
        target: '/cart',
        headers: [
          ['Host', 'internal:8000'],
          ['X-Forwarded-For', '203.0.113.7'],
          ['X-Forwarded-Proto', 'https'],
          ['X-Forwarded-Host', 'shop.example.com'],
          ['X-Forwarded-Port', '8443'],
          ['X-Forwarded-Prefix', '/shop'],
        ],
      },
      policy: NONE,
      settings: {
        flask: { ProxyFix: { x_for: 1, x_proto: 1, x_host: 1, x_port: 1, x_prefix: 1 } },
        django: {
          ALLOWED_HOSTS: ['shop.example.com'],
          USE_X_FORWARDED_HOST: true,
          USE_X_FORWARDED_PORT: true,
          FORCE_SCRIPT_NAME: '/shop',
        },
      },
    },
    expect: {
      flask: { 'request.url': "'https://shop.example.com:8443/shop/cart'" },
      django: {
        'request.get_host()': "'shop.example.com'",
        'request.build_absolute_uri()': "'http://shop.example.com/shop/cart'",
      },
    },
  },
  {
    name: 'Flask with SERVER_NAME, a request for another host (pallets/flask#5553)',
    body: {
      request: { target: '/', headers: [['Host', 'api.example.com:8080']] },
      policy: NONE,
      settings: { flask: { SERVER_NAME: 'example.com' } },
    },
    expect: {
      flask: {
        'request.host': "'api.example.com:8080'",
        "url_for('index', _external=True)": "'http://example.com/'",
      },
    },
    expectNotes: { flask: { "url_for('index', _external=True)": 'pallets/flask#5553' } },
  },
  {
    name: 'Flask TRUSTED_HOSTS refuses a forged Host',
    body: {
      request: { target: '/reset', headers: [['Host', 'evil.example']] },
      policy: NONE,
      settings: { flask: { TRUSTED_HOSTS: ['www.example.com'] } },
    },
    expect: {
      flask: {
        'request.host':
          "raises SecurityError: 400 Bad Request: Host 'evil.example' is not trusted.",
        "url_for('index', _external=True)":
          "raises AttributeError: 'NoneType' object has no attribute 'build'",
      },
    },
    debian: {
      flask: flaskHostDifferences(
        'http://evil.example',
        '/reset',
        'evil.example',
        FLASK_31_TRUSTED_HOSTS
      ),
    },
  },
  {
    name: 'a client spoofing X-Forwarded-For with no proxy in between',
    body: {
      request: {
        target: '/',
        headers: [
          ['Host', 'www.example.com'],
          ['X-Forwarded-For', '6.6.6.6'],
        ],
        peer: { address: '203.0.113.7', port: 51000 },
      },
      policy: NONE,
      settings: { flask: { ProxyFix: { x_for: 1 } }, django: SITE },
    },
    expect: {
      flask: {
        'request.remote_addr': "'6.6.6.6'",
        'request.access_route': "ImmutableList(['6.6.6.6'])",
      },
      django: { "request.META['REMOTE_ADDR']": "'203.0.113.7'" },
      starlette: { 'request.client': "Address(host='203.0.113.7', port=51000)" },
    },
  },
  {
    name: 'RFC 7239 Forwarded through a trusted proxy',
    body: {
      request: {
        target: '/',
        headers: [
          ['Host', 'www.example.com'],
          ['Forwarded', 'for=198.51.100.17;proto=https;host=www.example.com'],
        ],
        peer: { address: '10.0.0.2', port: 41000 },
      },
      policy: { mode: 'trusted', proxies: ['10.0.0.0/8'], forwarded: true },
      settings: { django: SITE },
    },
    expect: {
      flask: {
        'request.url': "'https://www.example.com/'",
        'request.remote_addr': "'198.51.100.17'",
      },
      starlette: { 'request.client': "Address(host='198.51.100.17', port=0)" },
    },
  },
  {
    name: 'FastAPI behind a prefix the proxy strips, uvicorn --root-path /api (fastapi/fastapi#4582)',
    body: {
      request: {
        target: '/items?limit=5',
        headers: [
          ['Host', 'www.example.com'],
          ['X-Forwarded-Proto', 'https'],
        ],
      },
      policy: NONE,
      settings: { starlette: { root_path: '/api' } },
    },
    expect: {
      starlette: {
        'request.url': "URL('http://www.example.com/api/items?limit=5')",
        'request.base_url': "URL('http://www.example.com/api/')",
        "request.url_for('index')": "URL('http://www.example.com/api/')",
        'FastAPI /docs openapi_url': "'/api/openapi.json'",
        HTTPSRedirectMiddleware: "(307, 'https://www.example.com/api/items?limit=5')",
      },
    },
    expectNotes: { starlette: { 'request.url': 'Kludex/starlette#2400' } },
    debian: {
      starlette: {
        'request.url': {
          debian: "URL('http://www.example.com/api/api/items?limit=5')",
          because: STARLETTE_035_ROOT_PATH,
          legacyScopeAgrees: true,
        },
        'FastAPI /docs openapi_url': {
          debian: 'raises HTTP 200: {}',
          because: STARLETTE_035_ROUTING,
          legacyScopeAgrees: true,
        },
        HTTPSRedirectMiddleware: {
          debian: "(307, 'https://www.example.com/api/api/items?limit=5')",
          because: STARLETTE_035_ROOT_PATH,
          legacyScopeAgrees: true,
        },
      },
    },
  },
  {
    name: 'FastAPI(root_path="/api") alone, the server not told',
    body: {
      request: { target: '/items', headers: [['Host', 'www.example.com']] },
      policy: NONE,
      settings: { starlette: { fastapi_root_path: '/api' } },
    },
    expect: {
      starlette: {
        'request.url': "URL('http://www.example.com/items')",
        "request.url_for('index')": "URL('http://www.example.com/api/')",
        'FastAPI /docs openapi_url': "'/api/openapi.json'",
      },
    },
    debian: {
      starlette: {
        'request.url': {
          debian: "URL('http://www.example.com/api/items')",
          because: STARLETTE_035_ROOT_PATH,
        },
        HTTPSRedirectMiddleware: {
          debian: "(307, 'https://www.example.com/api/items')",
          because: STARLETTE_035_ROOT_PATH,
        },
      },
    },
  },
  {
    name: 'the HTTPS redirect loop: HTTPSRedirectMiddleware behind a TLS proxy it does not trust',
    body: {
      request: {
        target: '/login',
        headers: [
          ['Host', 'api.example.com'],
          ['X-Forwarded-Proto', 'https'],
          ['X-Forwarded-For', '203.0.113.7'],
        ],
        peer: { address: '10.0.0.2', port: 41000 },
      },
      policy: NONE,
    },
    expect: { starlette: { HTTPSRedirectMiddleware: "(307, 'https://api.example.com/login')" } },
  },
  {
    name: 'TrustedHostMiddleware: the bare domain is redirected to www',
    body: {
      request: { target: '/p?x=1', headers: [['Host', 'example.com:8080']] },
      policy: NONE,
      settings: { starlette: { allowed_hosts: ['www.example.com'] } },
    },
    expect: {
      starlette: { TrustedHostMiddleware: "(307, 'http://www.example.com:8080/p?x=1')" },
    },
  },
  {
    name: 'TrustedHostMiddleware: another host is refused',
    body: {
      request: { target: '/', headers: [['Host', 'evil.example']] },
      policy: NONE,
      settings: { starlette: { allowed_hosts: ['www.example.com', '*.example.com'] } },
    },
    expect: { starlette: { TrustedHostMiddleware: "(400, 'Invalid host header')" } },
  },
  {
    name: 'an escaped, non-ASCII and invalid-UTF-8 path and query',
    body: {
      request: {
        target: '/caf%C3%A9/%FF/a%2Fb?q=%C3%A9&next=/a&amp=%26',
        headers: [['Host', 'www.example.com']],
      },
      policy: NONE,
      settings: { django: SITE },
    },
    expect: {
      flask: { 'request.url': "'http://www.example.com/café/\ufffd/a/b?q=é&next=/a&amp=%26'" },
      django: { 'request.get_full_path()': "'/caf%C3%A9/%25FF/a/b?q=%C3%A9&next=/a&amp=%26'" },
      starlette: {
        'request.url': "URL('http://www.example.com/café/\ufffd/a/b?q=%C3%A9&next=/a&amp=%26')",
      },
    },
    debian: {
      flask: {
        'request.url': {
          debian: "'http://www.example.com/café/\ufffd/a/b?q=é&next=%2Fa&amp=%26'",
          because: WERKZEUG_23_QUOTING,
        },
      },
    },
  },
  {
    name: 'dot segments in the path: Django resolves them in build_absolute_uri',
    body: {
      request: { target: '/a/%2E%2E/b/./c', headers: [['Host', 'www.example.com']] },
      policy: NONE,
      settings: { django: SITE },
    },
    expect: {
      django: {
        'request.get_full_path()': "'/a/../b/./c'",
        'request.build_absolute_uri()': "'http://www.example.com/b/c'",
      },
    },
  },
  {
    name: 'HTTP/1.0 without a Host header, gunicorn profile',
    body: {
      request: { target: '/p', httpVersion: '1.0', headers: [] },
      profile: 'gunicorn',
      policy: NONE,
      settings: { django: { ALLOWED_HOSTS: ['*'] } },
    },
  },
  {
    name: 'an absolute-form target, werkzeug profile: the target names the host',
    body: {
      request: { target: 'http://www.example.com/p?x=1', headers: [['Host', 'other.example']] },
      profile: 'werkzeug',
      policy: NONE,
      settings: { django: SITE },
    },
    expect: { flask: { 'request.host': "'www.example.com'" } },
  },
  {
    name: "an IPv6 literal host, and Werkzeug's TRUSTED_HOSTS check, which compares the part before the first ':'",
    body: {
      request: { target: '/', headers: [['Host', '[::1]:8000']] },
      policy: NONE,
      settings: { django: { ALLOWED_HOSTS: ['[::1]'] }, flask: { TRUSTED_HOSTS: ['::1'] } },
    },
    expect: {
      django: { 'request.get_host()': "'[::1]:8000'" },
      flask: {
        'request.host': "raises SecurityError: 400 Bad Request: Host '[::1]:8000' is not trusted.",
      },
    },
    debian: {
      flask: flaskHostDifferences('http://[::1]:8000', '/', '[::1]:8000', FLASK_31_TRUSTED_HOSTS),
    },
  },
  {
    name: 'a Host in capitals with a trailing dot',
    body: {
      request: { target: '/', headers: [['Host', 'WWW.Example.com.']] },
      policy: NONE,
      settings: { django: SITE },
    },
    expect: {
      django: { 'request.get_host()': "'WWW.Example.com.'" },
      flask: { 'request.url': "'http://www.example.com./'" },
    },
    debian: {
      flask: {
        'request.url': { debian: "'http://WWW.Example.com./'", because: WERKZEUG_23_HOSTNAME },
        'request.base_url': { debian: "'http://WWW.Example.com./'", because: WERKZEUG_23_HOSTNAME },
        'request.host_url': { debian: "'http://WWW.Example.com./'", because: WERKZEUG_23_HOSTNAME },
      },
    },
  },
  {
    name: 'a forged Host with a path in it',
    body: {
      request: { target: '/p', headers: [['Host', 'evil.example/x']] },
      policy: NONE,
      settings: { django: { ALLOWED_HOSTS: ['*'] } },
    },
    // Starlette ignores the Host and takes the server address (Kludex/starlette#3279); Debian's
    // 0.26.1+deb12u2 carries that fix, so there is no Starlette difference here
    expect: {
      flask: { 'request.host': "''", 'request.url': "'http:///p'" },
      django: {
        'request.get_host()':
          "raises DisallowedHost: Invalid HTTP_HOST header: 'evil.example/x'. The domain name provided is not valid according to RFC 1034/1035.",
      },
    },
    debian: {
      flask: flaskHostDifferences(
        'http://evil.example/x',
        '/p',
        'evil.example/x',
        WERKZEUG_317_HOST
      ),
    },
  },
]
