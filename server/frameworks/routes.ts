/**
 * @module
 * `POST /_inspector/api/frameworks`: what Flask, Django and Starlette/FastAPI compute for a
 * request, a server profile and a proxy policy, each with its own settings.
 *
 * The body is the proxy API's `{request, profile, policy}` (read by the same functions, so
 * the two APIs cannot disagree on what a request is) plus `settings: {flask, django,
 * starlette}`. The answer maps each expression's text to `{value}` or `{raises, message}`,
 * with `why`. Bad input is a 400 whose `message` names the field.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { FrameworksApiRequest, FrameworksApiResponse } from '../contract/api/frameworks.ts'
import type { ProfileId } from '../contract/profiles.ts'
import type { Environ } from '../contract/python.ts'
import type { RequestFacts, ServerFacts } from '../contract/request.ts'
import { prepareEnvironBuilder } from '../gateway/environ.ts'
import { RequestRejected } from '../gateway/errors.ts'
import {
  asgiServerFor,
  type ServerChoice,
  wsgiServerFor,
} from '../gateway/profiles/counterparts.ts'
import type { BoundTrust } from '../gateway/profiles/trust/index.ts'
import type { AsgiProfile } from '../gateway/profiles/types.ts'
import { prepareScopeBuilder } from '../gateway/scope.ts'
import { trustingBuilder } from '../gateway/trust.ts'
import { sendApiError } from '../host/api-errors.ts'
import { getfqdn } from '../host/fqdn.ts'
import type { ProxyPolicy } from '../proxy/policy.ts'
import {
  buildOrExplain,
  checkKeys,
  InputError,
  BODY_SCHEMA as PROXY_BODY_SCHEMA,
  readPolicy,
  requestFacts,
} from '../proxy/routes.ts'
import { readServerTrust, ServerTrustInputError, traceServerTrust } from '../proxy/server-trust.ts'
import { traceProxy } from '../proxy/trace.ts'
import { evaluateFrameworks } from './evaluate.ts'
import {
  readDjangoSettings,
  readFlaskSettings,
  readStarletteSettings,
  SettingsError,
} from './settings.ts'

export interface FrameworksRoutesOptions {
  /** The server's bind address (SERVER_NAME, the local address). */
  readonly host: string
  readonly scriptName: string
  /** Used when a request does not name a profile. */
  readonly profile: ProfileId
}

/** Largest request body the API accepts, in bytes. */
export const FRAMEWORKS_API_BODY_LIMIT = 256 * 1024

const { request, policy, profile } = PROXY_BODY_SCHEMA.properties

const BODY_SCHEMA = {
  type: 'object',
  required: ['request', 'policy'],
  properties: { request, policy, profile, settings: { type: 'object' } },
} as const

const ALLOWED_BODY = ['request', 'policy', 'profile', 'settings'] as const
const ALLOWED_SETTINGS = ['flask', 'django', 'starlette'] as const

export const frameworksRoutes: FastifyPluginAsync<FrameworksRoutesOptions> = async (
  fastify,
  options
) => {
  const fqdn = await getfqdn(options.host)
  const builders = new Map<string, ReturnType<typeof prepareEnvironBuilder>>()
  // the running server's facts, never its copied OS environment
  const serverFacts = (port: number, scriptName = options.scriptName): ServerFacts => {
    // on a unix socket address() is its path: there is no port
    const address = fastify.server.address()
    const socketPath = typeof address === 'string' ? address : undefined
    return {
      bindAddress: options.host,
      fqdn,
      port,
      scriptName,
      ...(socketPath ? { socketPath } : {}),
    }
  }
  const builderFor = (id: ProfileId) => {
    const address = fastify.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const key = `${id}:${port}`
    let builder = builders.get(key)
    if (!builder) {
      builder = prepareEnvironBuilder(serverFacts(port), id)
      builders.set(key, builder)
    }
    return { builder, port }
  }

  fastify.post<{ Body: FrameworksApiRequest }>(
    '/',
    { schema: { body: BODY_SCHEMA }, bodyLimit: FRAMEWORKS_API_BODY_LIMIT },
    async function evaluateFrameworksRequest(req, reply) {
      const body = req.body
      try {
        checkKeys(body, ALLOWED_BODY, 'body')
        const asked = body.profile ?? options.profile
        const wsgi = wsgiServerFor(asked)
        const id = wsgi.id
        const asgi = asgiServerFor(asked)
        const bound =
          body.policy.mode === 'server' ? readServerTrust(body.policy, asked) : undefined
        // an ASGI server's own trust changes the scope Starlette reads; the WSGI apps then
        // run under a server that trusts nobody
        const scopeTrust = bound && asgi.id === asked ? bound : undefined
        const trust = scopeTrust ? undefined : bound
        const compiled = trust
          ? undefined
          : readPolicy(
              (scopeTrust ? { mode: 'none' } : body.policy) as Parameters<typeof readPolicy>[0]
            )
        const settings = body.settings ?? {}
        checkKeys(settings, ALLOWED_SETTINGS, 'settings')
        const flask = readFlaskSettings(settings.flask)
        const django = readDjangoSettings(settings.django)
        const starlette = readStarletteSettings(settings.starlette)
        const { builder, port } = builderFor(id)
        const facts = requestFacts(body.request, options.host, port)
        const raw = buildOrExplain(builder, facts, id)
        const report = trust
          ? traceServerTrust((o) => prepareEnvironBuilder(serverFacts(port), id, o), trust, facts)
          : traceProxy(raw, compiled as ProxyPolicy, facts.rawHeaders)
        const answer: FrameworksApiResponse = evaluateFrameworks({
          wsgiServer: wsgi,
          environ: report.effectiveEnviron,
          decisions:
            compiled?.mode === 'none'
              ? []
              : report.trace.decisions.filter((d) => compiled || d.from !== d.to),
          policyLabel: trust
            ? `set by ${trust.server}'s own proxy trust (${report.trace.serverTrust?.why.join('; ')})`
            : scopeTrust
              ? `no proxy trusted by ${wsgi.id}: the policy is ${scopeTrust.server}'s own trust, applied to the scope`
              : describePolicy(compiled as ProxyPolicy),
          asgi: {
            server: asgi,
            // the server's --root-path is Starlette's root_path setting
            built: buildScope(asgi, serverFacts(port, starlette.root_path), facts, scopeTrust),
          },
          settings: { flask, django, starlette },
        })
        return answer
      } catch (error) {
        if (error instanceof ServerTrustInputError) {
          return sendApiError(reply, 'EI_ERR_FRAMEWORKS_INPUT', error.message, error.field)
        }
        if (error instanceof InputError || error instanceof SettingsError) {
          return badRequest(reply, error.message)
        }
        throw error
      }
    }
  )
}

/** The scope `asgi`'s server hands the app, or why it refuses the request first. */
function buildScope(
  asgi: ServerChoice<AsgiProfile>,
  server: ServerFacts,
  request: RequestFacts,
  trust?: BoundTrust
): { scope: Environ } | { refused: string } {
  const plain = () => prepareScopeBuilder(server, asgi.profile)
  try {
    const build = trust ? trustingBuilder(plain, trust) : plain()
    return { scope: build(request) }
  } catch (error) {
    if (!(error instanceof RequestRejected)) throw error
    return {
      refused: `${asgi.id} refuses the request before the app runs: ${error.status} ${error.message}`,
    }
  }
}

/** The server's policy as the traces name it. */
function describePolicy(policy: ProxyPolicy): string {
  if (policy.mode === 'proxy-fix') {
    return `set by the server's ProxyFix policy (x_for=${policy.xFor}, x_proto=${policy.xProto}, x_host=${policy.xHost}, x_port=${policy.xPort}, x_prefix=${policy.xPrefix})`
  }
  if (policy.mode === 'trusted') {
    return `set by the server's trusted-proxy policy (${policy.proxies.join(', ')})`
  }
  return 'no proxy trusted'
}

/** The one error body; `field` is the path the message starts with (`settings.django.ALLOWED_HOSTS`). */
function badRequest(reply: FastifyReply, message: string) {
  const field = /^([\w.[\]]+): /.exec(message)?.[1]
  return sendApiError(reply, 'EI_ERR_FRAMEWORKS_INPUT', message, field)
}
