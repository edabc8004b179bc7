/**
 * @module
 * The proxy debugger's HTTP API, a Fastify route plugin registered under
 * `/_inspector/api/proxy`:
 *
 * - `POST /_inspector/api/proxy` takes a request (or an environ) and a policy and returns
 *   the raw environ, the effective environ, the keys that changed and the trace;
 * - `GET /_inspector/api/proxy/presets` lists ready-made set-ups whose `request` and
 *   `policy` can be posted back as they are.
 *
 * Environ values are rendered with Python's `str()`, as the echo renders them. Bad input is a
 * 400 whose `message` says which field and why. The JSON shapes are in contract/api/proxy.ts. A
 * request is built into an environ with the running server's facts (bind address, port,
 * mount point), never its copied OS environment, and an empty body.
 */
import type { FastifyPluginAsync } from 'fastify'
import type {
  ProxyApiRequest,
  ProxyApiResponse,
  ProxyPolicyJson,
  ProxyPresetsResponse,
  ProxyRequestJson,
} from '../contract/api/proxy.ts'
import { TOKEN } from '../contract/http.ts'
import { PROFILE_IDS, type ProfileId } from '../contract/profiles.ts'
import { type Environ, strEnviron } from '../contract/python.ts'
import type { RequestFacts } from '../contract/request.ts'
import { type BuilderOptions, prepareEnvironBuilder } from '../gateway/environ.ts'
import { RequestRejected } from '../gateway/errors.ts'
import { isAsgiProfile, PROFILES } from '../gateway/profiles/index.ts'
import { sendApiError } from '../host/api-errors.ts'
import { getfqdn } from '../host/fqdn.ts'
import { compilePolicy, type ProxyPolicy, type ProxyPolicyInput } from './policy.ts'
import { PROXY_PRESETS } from './presets.ts'
import { traceScopeTrust } from './scope-trust.ts'
import { readServerTrust, ServerTrustInputError, traceServerTrust } from './server-trust.ts'
import { type ProxyReport, traceProxy } from './trace.ts'
import { isIpText } from './trust.ts'

export interface ProxyRoutesOptions {
  /** The server's bind address: SERVER_NAME (via getfqdn for wsgiref) and the local address. */
  readonly host: string
  readonly scriptName: string
  /** The server's profile, used when a request does not name one. */
  readonly profile: ProfileId
  /** The policy the server itself runs with (from the CLI), reported with the presets. */
  readonly serverPolicy?: ProxyPolicyInput
}

/** Largest request body the API accepts, in bytes. */
export const PROXY_API_BODY_LIMIT = 256 * 1024

const DEFAULT_PEER = { address: '127.0.0.1', port: 50000 }

const COUNT = { type: 'integer', minimum: 0, maximum: 64 }

export const BODY_SCHEMA = {
  type: 'object',
  required: ['policy'],
  properties: {
    request: {
      type: 'object',
      required: ['headers'],
      properties: {
        method: { type: 'string', minLength: 1, maxLength: 32, pattern: TOKEN.source },
        target: { type: 'string', minLength: 1, maxLength: 8192 },
        httpVersion: { type: 'string', enum: ['0.9', '1.0', '1.1'] },
        headers: {
          type: 'array',
          maxItems: 200,
          items: {
            type: 'array',
            minItems: 2,
            maxItems: 2,
            items: [
              { type: 'string', minLength: 1, maxLength: 256, pattern: TOKEN.source },
              { type: 'string', maxLength: 8192 },
            ],
          },
        },
        peer: {
          type: 'object',
          required: ['address'],
          properties: {
            address: { type: 'string', minLength: 1, maxLength: 64 },
            port: { type: 'integer', minimum: 0, maximum: 65535 },
          },
        },
      },
    },
    environ: {
      type: 'object',
      maxProperties: 500,
      additionalProperties: { type: 'string', maxLength: 16384 },
    },
    policy: {
      type: 'object',
      required: ['mode'],
      properties: {
        mode: { type: 'string', enum: ['none', 'proxy-fix', 'trusted', 'server'] },
        // an object of the server's options, or "server-default" (anyOf: Ajv's strict mode
        // warns on stderr about a union `type`)
        settings: {
          anyOf: [
            { type: 'object', maxProperties: 32 },
            { type: 'string', maxLength: 64 },
          ],
        },
        xFor: COUNT,
        xProto: COUNT,
        xHost: COUNT,
        xPort: COUNT,
        xPrefix: COUNT,
        proxies: { type: 'array', maxItems: 256, items: { type: 'string', maxLength: 128 } },
        forwarded: { type: 'boolean' },
      },
    },
    profile: { type: 'string', enum: [...PROFILE_IDS] },
  },
} as const

type RequestInput = ProxyRequestJson

type ProxyBody = Omit<ProxyApiRequest, 'policy'> & {
  readonly policy: Readonly<Record<string, unknown>> & { readonly mode: ProxyPolicyJson['mode'] }
}

const ALLOWED = {
  body: ['request', 'environ', 'policy', 'profile'],
  request: ['method', 'target', 'httpVersion', 'headers', 'peer'],
  peer: ['address', 'port'],
  none: ['mode'],
  'proxy-fix': ['mode', 'xFor', 'xProto', 'xHost', 'xPort', 'xPrefix'],
  trusted: ['mode', 'proxies', 'forwarded'],
  server: ['mode', 'settings'],
} as const

/** A bad field: the route answers 400 with this message. */
export class InputError extends Error {}

/** A report as the API answers it: the environs as Python's str() prints their values. */
function proxyAnswer(report: ProxyReport): ProxyApiResponse {
  return {
    rawEnviron: strEnviron(report.rawEnviron),
    effectiveEnviron: strEnviron(report.effectiveEnviron),
    changed: report.changed,
    trace: report.trace,
  }
}

export const proxyRoutes: FastifyPluginAsync<ProxyRoutesOptions> = async (fastify, options) => {
  const fqdn = await getfqdn(options.host)
  const builders = new Map<string, ReturnType<typeof prepareEnvironBuilder>>()
  const serverFacts = () => {
    const address = fastify.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    // the running server's facts, never its copied OS environment
    return { bindAddress: options.host, fqdn, port, scriptName: options.scriptName }
  }
  const builderFor = (profile: ProfileId) => {
    const facts = serverFacts()
    const id = `${profile}:${facts.port}`
    let builder = builders.get(id)
    if (!builder) {
      builder = prepareEnvironBuilder(facts, profile)
      builders.set(id, builder)
    }
    return { builder, port: facts.port }
  }

  fastify.get('/presets', async function listProxyPresets(): Promise<ProxyPresetsResponse> {
    return { presets: PROXY_PRESETS, serverPolicy: options.serverPolicy ?? { mode: 'none' } }
  })

  fastify.post<{ Body: ProxyBody }>(
    '/',
    { schema: { body: BODY_SCHEMA }, bodyLimit: PROXY_API_BODY_LIMIT },
    async function traceProxyRequest(request, reply) {
      const body = request.body
      try {
        checkKeys(body, ALLOWED.body, 'body')
        if ((body.request === undefined) === (body.environ === undefined)) {
          throw new InputError('body: give exactly one of "request" or "environ"')
        }
        if (body.policy.mode === 'server') {
          const profile = body.profile ?? options.profile
          const trust = readServerTrust(body.policy, profile)
          if (!body.request) {
            throw new InputError(
              'environ: the server\'s own trust reads the raw headers and the peer before an environ exists; send "request" instead'
            )
          }
          const server = serverFacts()
          const facts = requestFacts(body.request, options.host, server.port)
          buildOrExplain(builderFor(profile).builder, facts, profile)
          const builder = (o: BuilderOptions) => prepareEnvironBuilder(server, profile, o)
          // an ASGI server's trust changes scope keys: traced on the scope, not the environ
          return proxyAnswer(
            isAsgiProfile(PROFILES[profile])
              ? traceScopeTrust(builder, trust, facts)
              : traceServerTrust(builder, trust, facts)
          )
        }
        const policy = readPolicy(body.policy)
        let environ: Environ
        let rawHeaders: string[] | undefined
        if (body.request) {
          const { builder, port } = builderFor(body.profile ?? options.profile)
          const facts = requestFacts(body.request, options.host, port)
          rawHeaders = [...facts.rawHeaders]
          environ = buildOrExplain(builder, facts, body.profile ?? options.profile)
        } else {
          environ = { ...(body.environ as Record<string, string>) }
        }
        return proxyAnswer(traceProxy(environ, policy, rawHeaders))
      } catch (error) {
        if (error instanceof ServerTrustInputError)
          return sendApiError(reply, 'EI_ERR_PROXY_INPUT', error.message, error.field)
        if (error instanceof InputError)
          return sendApiError(reply, 'EI_ERR_PROXY_INPUT', error.message)
        throw error
      }
    }
  )
}

export function checkKeys(value: object, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key))
  if (unknown.length > 0) {
    throw new InputError(
      `${where}: unknown field ${JSON.stringify(unknown[0])}; expected ${allowed.join(', ')}`
    )
  }
}

export function readPolicy(policy: ProxyBody['policy']): ProxyPolicy {
  if (policy.mode === 'server') {
    throw new InputError('policy.mode: "server" is read by readServerTrust (proxy/server-trust.ts)')
  }
  checkKeys(policy, ALLOWED[policy.mode], `policy (mode ${policy.mode})`)
  if (policy.mode === 'trusted' && !Array.isArray(policy.proxies)) {
    throw new InputError('policy.proxies: required for mode "trusted" (addresses or CIDR ranges)')
  }
  try {
    return compilePolicy(policy as unknown as ProxyPolicyInput)
  } catch (error) {
    throw new InputError(`policy: ${(error as Error).message}`)
  }
}

export function requestFacts(input: RequestInput, host: string, port: number): RequestFacts {
  checkKeys(input, ALLOWED.request, 'request')
  if (input.peer) checkKeys(input.peer, ALLOWED.peer, 'request.peer')
  const peer = { ...DEFAULT_PEER, ...input.peer }
  if (!isIpText(peer.address)) {
    throw new InputError(
      `request.peer.address: ${JSON.stringify(peer.address)} is not an IP address`
    )
  }
  input.headers.forEach(([name, value], i) => {
    if (/[\r\n\0]/.test(value)) {
      throw new InputError(`request.headers[${i}] (${name}): CR, LF and NUL are not allowed`)
    }
    if (/[^\x00-\xff]/.test(value)) {
      throw new InputError(
        `request.headers[${i}] (${name}): characters above U+00FF; header bytes are latin-1, one character per byte`
      )
    }
  })
  return {
    method: input.method ?? 'GET',
    target: input.target ?? '/',
    httpVersion: input.httpVersion ?? '1.1',
    rawHeaders: input.headers.flat(),
    remoteAddress: peer.address,
    remotePort: peer.port,
    localAddress: host,
    localPort: port,
    body: new Uint8Array(0),
  }
}

export function buildOrExplain(
  builder: ReturnType<typeof prepareEnvironBuilder>,
  facts: RequestFacts,
  profile: ProfileId
): Environ {
  try {
    return builder(facts)
  } catch (error) {
    if (error instanceof RequestRejected) {
      throw new InputError(
        `request: the ${profile} profile refuses it with ${error.status}: ${error.message}`
      )
    }
    throw error
  }
}
