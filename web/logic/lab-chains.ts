/**
 * @module
 * The deployment lab's proxy chains: what each hop really adds to the request it forwards,
 * so the lab can show the request as every layer receives it. Pure data and functions.
 *
 * The Proxy page's presets (server/proxy/presets.ts) are the request a chain *delivers*; a lab
 * chain is the hops themselves, so a client's own (forged) headers can be run through them.
 * Addresses are from the documentation (RFC 5737) and private ranges.
 */

export type Header = readonly [name: string, value: string]

/** A request as one layer receives it, and the socket peer it comes from. */
export interface WireRequest {
  readonly method: string
  readonly target: string
  readonly httpVersion: string
  readonly headers: readonly Header[]
  readonly peer: string
  /** `https` when this layer terminates TLS. */
  readonly scheme: 'http' | 'https'
}

export interface LabHop {
  readonly name: string
  /** The hop's own address: the peer the next layer sees. */
  readonly address: string
  /** The scheme of the connection from this hop to the next layer. */
  readonly forwardsOver: 'http' | 'https'
  /** The request this hop forwards, given the one it received. */
  readonly forward: (received: WireRequest) => WireRequest
}

export interface LabChain {
  readonly id: string
  readonly name: string
  readonly description: string
  /** The path prefix the public URL has and the app does not route (`''`: none). */
  readonly publicPrefix: string
  readonly hops: readonly LabHop[]
}

const CLIENT_ADDRESS = '203.0.113.7'
export const PUBLIC_HOST = 'www.example.com'

function headerValue(headers: readonly Header[], name: string): string | undefined {
  const lower = name.toLowerCase()
  const values = headers.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value)
  return values.length === 0 ? undefined : values.join(', ')
}

/** Replace every `name` header with one (nginx `proxy_set_header`). */
function setHeader(headers: readonly Header[], name: string, value: string): Header[] {
  const lower = name.toLowerCase()
  return [...headers.filter(([key]) => key.toLowerCase() !== lower), [name, value]]
}

function removeHeaders(headers: readonly Header[], names: readonly string[]): Header[] {
  const lower = names.map((name) => name.toLowerCase())
  return headers.filter(([key]) => !lower.includes(key.toLowerCase()))
}

/** `$proxy_add_x_forwarded_for`: the received X-Forwarded-For, then the peer. */
function appendFor(received: WireRequest): string {
  const before = headerValue(received.headers, 'X-Forwarded-For')
  return before === undefined ? received.peer : `${before}, ${received.peer}`
}

function apply(
  received: WireRequest,
  hop: { address: string; httpVersion?: string; target?: string },
  edit: (headers: readonly Header[]) => readonly Header[]
): WireRequest {
  return {
    method: received.method,
    target: hop.target ?? received.target,
    httpVersion: hop.httpVersion ?? '1.1',
    headers: edit(received.headers),
    peer: hop.address,
    scheme: 'http',
  }
}

/**
 * nginx with the usual `proxy_set_header Host $host; X-Real-IP $remote_addr; X-Forwarded-For
 * $proxy_add_x_forwarded_for; X-Forwarded-Proto $scheme;` (nginx.org ngx_http_proxy_module:
 * proxy_http_version defaults to 1.0, `Connection: close` is sent). X-Forwarded-Host and
 * Forwarded are passed on untouched.
 */
function nginxHop(address: string): LabHop {
  return {
    name: `nginx (${address})`,
    address,
    forwardsOver: 'http',
    forward: (received) =>
      apply(received, { address, httpVersion: '1.0' }, (headers) => {
        let out = setHeader(headers, 'X-Real-IP', received.peer)
        out = setHeader(out, 'X-Forwarded-For', appendFor(received))
        out = setHeader(out, 'X-Forwarded-Proto', received.scheme)
        return setHeader(out, 'Connection', 'close')
      }),
  }
}

/**
 * Traefik v3 entry point with the default `forwardedHeaders.insecure: false` and no
 * `trustedIPs`: it drops the client's X-Forwarded-* and sets its own (doc.traefik.io,
 * routing/entrypoints "forwardedHeaders"; pkg/middlewares/forwardedheaders). Forwarded is
 * passed on untouched.
 */
const TRAEFIK: LabHop = {
  name: 'Traefik (10.0.0.3)',
  address: '10.0.0.3',
  forwardsOver: 'http',
  forward: (received) =>
    apply(received, { address: '10.0.0.3' }, (headers) => {
      let out = removeHeaders(headers, [
        'X-Forwarded-For',
        'X-Forwarded-Proto',
        'X-Forwarded-Host',
        'X-Forwarded-Port',
        'X-Forwarded-Server',
        'X-Real-Ip',
      ])
      out = setHeader(out, 'X-Forwarded-For', received.peer)
      out = setHeader(out, 'X-Forwarded-Host', headerValue(headers, 'Host') ?? '')
      out = setHeader(out, 'X-Forwarded-Port', received.scheme === 'https' ? '443' : '80')
      out = setHeader(out, 'X-Forwarded-Proto', received.scheme)
      out = setHeader(out, 'X-Forwarded-Server', 'traefik-7d4b9')
      return setHeader(out, 'X-Real-Ip', received.peer)
    }),
}

/**
 * AWS Application Load Balancer: appends the client to X-Forwarded-For, sets
 * X-Forwarded-Proto and -Port, adds X-Amzn-Trace-Id (docs.aws.amazon.com, elasticloadbalancing
 * "HTTP headers and Application Load Balancers"). X-Forwarded-Host and Forwarded pass through.
 */
const AWS_ALB: LabHop = {
  name: 'AWS ALB (10.0.1.23)',
  address: '10.0.1.23',
  forwardsOver: 'http',
  forward: (received) =>
    apply(received, { address: '10.0.1.23' }, (headers) => {
      let out = setHeader(headers, 'X-Forwarded-For', appendFor(received))
      out = setHeader(out, 'X-Forwarded-Proto', received.scheme)
      out = setHeader(out, 'X-Forwarded-Port', received.scheme === 'https' ? '443' : '80')
      return setHeader(out, 'X-Amzn-Trace-Id', 'Root=1-67891233-abcdef012345678912345678')
    }),
}

/**
 * Cloudflare's edge: CF-Connecting-IP, appends to X-Forwarded-For, sets X-Forwarded-Proto and
 * CF-Visitor (developers.cloudflare.com, fundamentals "Cloudflare HTTP headers"). With SSL
 * mode Full it connects to the origin over https.
 */
const CLOUDFLARE: LabHop = {
  name: 'Cloudflare edge (198.51.100.20)',
  address: '198.51.100.20',
  forwardsOver: 'https',
  forward: (received) => {
    const out = apply(received, { address: '198.51.100.20' }, (headers) => {
      let edited = setHeader(headers, 'CF-Connecting-IP', received.peer)
      edited = setHeader(edited, 'X-Forwarded-For', appendFor(received))
      edited = setHeader(edited, 'X-Forwarded-Proto', received.scheme)
      edited = setHeader(edited, 'CF-Visitor', `{"scheme":"${received.scheme}"}`)
      return setHeader(edited, 'CF-Ray', '8f1c2d3e4a5b6c7d-FRA')
    })
    return { ...out, scheme: 'https' }
  },
}

/**
 * ingress-nginx with `rewrite-target: /$2` on `path: /api(/|$)(.*)` and `x-forwarded-prefix:
 * /api`, default ConfigMap (`use-forwarded-headers: false`, `compute-full-forwarded-for:
 * false`): X-Forwarded-For is replaced by the peer, X-Forwarded-Host/-Port/-Proto/-Scheme,
 * X-Real-IP, X-Request-ID, X-Original-URI are set (kubernetes/ingress-nginx
 * rootfs/etc/nginx/template/nginx.tmpl; docs user-guide/nginx-configuration/annotations).
 */
const INGRESS_NGINX: LabHop = {
  name: 'ingress-nginx (10.244.0.5)',
  address: '10.244.0.5',
  forwardsOver: 'http',
  forward: (received) => {
    const rewritten = received.target.replace(/^\/api(\/|$)/, '/')
    return apply(received, { address: '10.244.0.5', target: rewritten }, (headers) => {
      let out = setHeader(headers, 'X-Request-ID', '5f0c3a9e2b7d4c18a6e1f2d3c4b5a697')
      out = setHeader(out, 'X-Real-IP', received.peer)
      out = setHeader(out, 'X-Forwarded-For', received.peer)
      out = setHeader(out, 'X-Forwarded-Host', headerValue(headers, 'Host') ?? '')
      out = setHeader(out, 'X-Forwarded-Port', received.scheme === 'https' ? '443' : '80')
      out = setHeader(out, 'X-Forwarded-Proto', received.scheme)
      out = setHeader(out, 'X-Forwarded-Scheme', received.scheme)
      out = setHeader(out, 'X-Scheme', received.scheme)
      out = setHeader(out, 'X-Original-URI', received.target)
      return setHeader(out, 'X-Forwarded-Prefix', '/api')
    })
  },
}

/**
 * Heroku's router: appends to X-Forwarded-For, sets X-Forwarded-Proto and -Port,
 * X-Request-Start, X-Request-Id and Via (devcenter.heroku.com/articles/http-routing).
 */
const HEROKU: LabHop = {
  name: 'Heroku router (10.1.2.3)',
  address: '10.1.2.3',
  forwardsOver: 'http',
  forward: (received) =>
    apply(received, { address: '10.1.2.3' }, (headers) => {
      let out = setHeader(headers, 'X-Forwarded-For', appendFor(received))
      out = setHeader(out, 'X-Forwarded-Proto', received.scheme)
      out = setHeader(out, 'X-Forwarded-Port', received.scheme === 'https' ? '443' : '80')
      out = setHeader(out, 'X-Request-Start', 't=1764930000123')
      out = setHeader(out, 'X-Request-Id', '8b7c0a2e-3f1d-4c5b-9a6e-7d8c9b0a1f2e')
      return setHeader(out, 'Via', '1.1 vegur')
    }),
}

/** A TLS-terminating nginx at the edge (its peer is the client). */
const NGINX_EDGE = nginxHop('10.0.0.2')

export const LAB_CHAINS: readonly LabChain[] = [
  {
    id: 'nginx',
    name: 'nginx',
    description: 'One nginx terminates TLS and proxies to the app with the usual headers.',
    publicPrefix: '',
    hops: [NGINX_EDGE],
  },
  {
    id: 'traefik',
    name: 'Traefik',
    description: 'Traefik terminates TLS, drops the client’s X-Forwarded-* and sets its own.',
    publicPrefix: '',
    hops: [TRAEFIK],
  },
  {
    id: 'aws-alb',
    name: 'AWS ALB',
    description: 'An Application Load Balancer terminates TLS and appends to X-Forwarded-For.',
    publicPrefix: '',
    hops: [AWS_ALB],
  },
  {
    id: 'cloudflare-nginx',
    name: 'Cloudflare in front of nginx',
    description: 'Cloudflare (SSL mode Full) in front of an nginx on the origin.',
    publicPrefix: '',
    hops: [CLOUDFLARE, nginxHop('10.0.0.2')],
  },
  {
    id: 'ingress-nginx',
    name: 'Kubernetes ingress-nginx, prefix /api rewritten',
    description: 'ingress-nginx serves the app under /api and strips the prefix before the pod.',
    publicPrefix: '/api',
    hops: [INGRESS_NGINX],
  },
  {
    id: 'heroku',
    name: 'Heroku router',
    description: 'Heroku’s router terminates TLS and appends to X-Forwarded-For.',
    publicPrefix: '',
    hops: [HEROKU],
  },
]

/** The values a spoofing client forges. */
export const FORGED = {
  'X-Forwarded-For': '6.6.6.6',
  'X-Forwarded-Proto': 'http',
  'X-Forwarded-Host': 'evil.example',
  Forwarded: 'for=6.6.6.6;host=evil.example;proto=http',
} as const

export type ForgedHeader = keyof typeof FORGED

export interface ClientOptions {
  readonly method: 'GET' | 'POST'
  /** The path under the public prefix, e.g. `/items?page=2`. */
  readonly path: string
  readonly spoof: boolean
}

/** The request as the client sends it to the first hop, over https. */
export function clientRequest(chain: LabChain, options: ClientOptions): WireRequest {
  const headers: Header[] = [
    ['Host', PUBLIC_HOST],
    ['User-Agent', 'Mozilla/5.0'],
  ]
  // a browser sends Origin on a POST: Django's CSRF check reads it
  if (options.method === 'POST') headers.push(['Origin', `https://${PUBLIC_HOST}`])
  if (options.spoof) for (const [name, value] of Object.entries(FORGED)) headers.push([name, value])
  return {
    method: options.method,
    target: `${chain.publicPrefix}${options.path}`,
    httpVersion: '1.1',
    headers,
    peer: CLIENT_ADDRESS,
    scheme: 'https',
  }
}

export interface LabStep {
  /** Who receives this request: a hop's name, or `The app server`. */
  readonly receiver: string
  readonly request: WireRequest
}

/** The request as each layer receives it: the first hop, …, the app server (last). */
export function walkChain(chain: LabChain, client: WireRequest): LabStep[] {
  const steps: LabStep[] = []
  let request = client
  for (const hop of chain.hops) {
    steps.push({ receiver: hop.name, request })
    request = { ...hop.forward(request), scheme: hop.forwardsOver }
  }
  steps.push({ receiver: 'The app server', request })
  return steps
}

export function chainById(id: string): LabChain {
  return LAB_CHAINS.find((chain) => chain.id === id) ?? (LAB_CHAINS[0] as LabChain)
}

/** Which forged headers still carry the forged value in the request the app server gets. */
export function forgedThatReach(delivered: WireRequest): ForgedHeader[] {
  return (Object.keys(FORGED) as ForgedHeader[]).filter((name) => {
    const value = headerValue(delivered.headers, name)
    if (value === undefined) return false
    if (name === 'Forwarded') return value.includes(FORGED.Forwarded)
    return value.split(',').some((part) => part.trim() === FORGED[name])
  })
}
