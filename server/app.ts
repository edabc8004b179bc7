/**
 * @module
 * Build the server: the gateway answers every request outside `/_inspector/`, Fastify
 * serves the UI and the JSON API under it. Returns the instance without listening.
 *
 * The echo does not go through Fastify's router on purpose: the router normalises and
 * rejects targets the echo must show as they are (`OPTIONS *`, absolute-form, `%zz`,
 * `//double//slash`), CONNECT never reaches it, and the echo's hot path stays as close to
 * a bare `node:http` handler as it can. The split happens in Fastify's `serverFactory`, so
 * Fastify still owns the server: listen, close, hooks, logging.
 */
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { hostname } from 'node:os'
import { join } from 'node:path'
import helmet from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'
import { attachGatewayEvents, handleClientError } from './adapters/connection-events.ts'
import { isInProcessSocket, openInProcess } from './adapters/in-process.ts'
import { createGatewayHandler, type GatewayHostOptions, socketFd } from './adapters/node-http.ts'
import { APPS, type AppName } from './apps/index.ts'
import { type Capture, createCapture } from './capture/index.ts'
import type { AccessLogOptions, HistoryOptions } from './capture/options.ts'
import { captureRoutes } from './capture/routes.ts'
import type { HealthJson, InfoJson } from './contract/api/info.ts'
import type { Exchange } from './contract/exchange.ts'
import { PROFILE_IDS, type ProfileId } from './contract/profiles.ts'
import type { ServerFacts } from './contract/request.ts'
import { frameworksRoutes } from './frameworks/routes.ts'
import { type EchoRenderer, prepareEchoRenderer } from './gateway/echo-fast-path.ts'
import { type EnvironBuilder, prepareEnvironBuilder } from './gateway/environ.ts'
import { PROFILES } from './gateway/profiles/index.ts'
import { type BoundTrust, bindTrust, type TrustPairs } from './gateway/profiles/trust/index.ts'
import { trustingBuilder } from './gateway/trust.ts'
import type { App, Middleware } from './gateway/types.ts'
import { type AllowedHosts, createHostCheck, NO_ALLOWED_HOSTS } from './host/allowed-hosts.ts'
import { handleApiError, handleApiNotFound } from './host/api-errors.ts'
import { coalesced } from './host/chunk-accumulator.ts'
import { getfqdn } from './host/fqdn.ts'
import type { GatewayTap, RunningGateway } from './host/gateway-tap.ts'
import {
  applyConnectionLimits,
  type ConnectionLimits,
  LIMIT_DEFAULTS,
  serverLimitOptions,
} from './host/limits.ts'
import { PACKAGE_ROOT, VERSION } from './host/package-info.ts'
import { HELMET_OPTIONS } from './host/security-headers.ts'
import type { ProxyPolicyInput } from './proxy/policy.ts'
import { proxyRoutes } from './proxy/routes.ts'
import { relayRoutes } from './relay/routes.ts'

export { VERSION }

/** The reserved prefix: everything under it is the inspector, everything else the echo. */
export const INSPECTOR_PREFIX = '/_inspector'

/** The package's folder, in a clone or installed (host/package-info.ts). */
export const ROOT = PACKAGE_ROOT

declare module 'fastify' {
  interface FastifyInstance {
    /** The running gateway's facts and connections to itself, for the relay (host/gateway-tap.ts). */
    gateway: GatewayTap
  }
}

export interface ServerOptions {
  /** Bind address; also SERVER_NAME for the gunicorn and werkzeug profiles. */
  host: string
  profile: ProfileId
  app: AppName
  /** Wrapped around the app, first = outermost (e.g. a validator, ProxyFix). */
  middleware?: readonly Middleware[]
  /** Mount point of the app ('' = root): SCRIPT_NAME. */
  scriptName: string
  /** Copy this map into every environ, as wsgiref copies os.environ. Opt-in only. */
  osEnviron?: Readonly<Record<string, string>>
  maxBody: number
  maxHeaderSize: number
  /** Header, request and keep-alive timeouts and the connection cap; left out, the CLI defaults. */
  limits?: ConnectionLimits
  debug: boolean
  /** Where the built UI lives (default `dist/web` in the repo). */
  uiRoot?: string
  /** Where app errors and `wsgi.errors` go (default: stderr). */
  log?: (text: string) => void
  /** Told about every request the gateway answered (live capture, access log). */
  onExchange?: (exchange: Exchange) => void
  /** Live capture's history (`--history`, `--history-body`, `--redact`); left out, the CLI defaults. */
  history?: HistoryOptions
  /** One access-log line per gateway request; left out, none (the CLI logs unless --quiet). */
  accessLog?: AccessLogOptions
  /** The proxy policy `middleware` applies (set by the CLI), reported to the UI's Proxy view. */
  proxyPolicy?: ProxyPolicyInput
  /**
   * The profile's own proxy trust (`--proxy-trust`): its option pairs or the real server's
   * defaults. Left out, the server trusts no peer. Needs a profile with a `trust` rule.
   */
  proxyTrust?: TrustPairs
  /** A live capture made elsewhere (a cluster worker's, host/cluster.ts); left out, built here. */
  capture?: Capture
  /** Event streams served at once (`--max-subscribers`); left out, the CLI default. */
  maxSubscribers?: number
  /** More names the inspector answers to (`--allowed-hosts`); see host/allowed-hosts.ts. */
  allowedHosts?: AllowedHosts
}

/** Create the Fastify instance, its server and the gateway. Call `listen()` on the result. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const log =
    options.log ??
    ((text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`))
  const fqdn = await getfqdn(options.host)
  const capture = options.capture ?? createCapture(options)
  let running: RunningGateway | undefined
  const tap: GatewayTap = {
    running: () => running,
    isInProcess: (request) => isInProcessSocket(request.socket),
  }
  let buildEnviron: EnvironBuilder = () => {
    throw new Error('the gateway runs only once the server is listening')
  }
  // the echo's fast path: only for the echo itself, as no middleware sees the environ then
  let renderEcho: EchoRenderer | undefined
  // nor when the server's own trust rewrites the request first
  const trust = boundTrustOf(options)
  const fastEcho =
    options.app === 'echo' && (options.middleware ?? []).length === 0 && trust === undefined
  const host: GatewayHostOptions = {
    app: (options.middleware ?? []).reduceRight<App>(
      (app, wrap) => wrap(app),
      APPS[options.app].app
    ),
    buildEnviron: (request) => buildEnviron(request),
    renderEcho: fastEcho ? (request) => renderEcho?.(request) : undefined,
    maxBody: options.maxBody,
    debug: options.debug,
    profile: options.profile,
    onExchange: capture.onExchange,
    logError: (error) =>
      log(error instanceof Error ? (error.stack ?? error.message) : String(error)),
  }
  const gateway = createGatewayHandler(host)

  const fastify = Fastify({
    logger: false,
    clientErrorHandler: handleClientError,
    serverFactory(fastifyHandler) {
      const limits = options.limits ?? LIMIT_DEFAULTS
      const server = createServer(
        {
          requireHostHeader: false,
          maxHeaderSize: options.maxHeaderSize,
          ...serverLimitOptions(limits),
        },
        dispatch
      )
      applyConnectionLimits(server, limits)
      function dispatch(req: IncomingMessage, res: ServerResponse): void {
        if (isInspectorPath(req.url ?? '')) fastifyHandler(req, res)
        else gateway(req, res)
      }
      attachGatewayEvents(server, host, dispatch)
      server.on('listening', () => {
        // SERVER_PORT is the bound port, known only now (`--port 0` picks one); a unix
        // socket (listen({ path })) has its path instead and no port
        const address = server.address()
        const port = typeof address === 'object' && address ? address.port : 0
        const facts: ServerFacts = {
          bindAddress: options.host,
          fqdn,
          hostname: hostname(),
          port,
          ...(typeof address === 'string' ? { socketPath: address } : {}),
          scriptName: options.scriptName,
          osEnviron: options.osEnviron,
          log,
        }
        buildEnviron = trust
          ? trustingBuilder((o) => prepareEnvironBuilder(facts, options.profile, o), trust)
          : prepareEnvironBuilder(facts, options.profile)
        capture.rebuildWith?.(buildEnviron)
        if (fastEcho) renderEcho = prepareEchoRenderer(facts, options.profile)
        running = {
          facts,
          connect: (caller) => openInProcess(server, caller.socket, socketFd(caller.socket)),
        }
      })
      return server
    },
  })

  fastify.decorate('gateway', tap)
  // Fastify answers only /_inspector (see dispatch): the echo never gets these headers
  await fastify.register(helmet, HELMET_OPTIONS)
  // the DNS rebinding guard: only this server's names, and no foreign page changing state
  const hostCheck = createHostCheck({
    allowed: options.allowedHosts ?? NO_ALLOWED_HOSTS,
    ownNames: [hostname(), fqdn, options.host],
  })
  fastify.addHook('onRequest', async (request, reply) => {
    const refusal = hostCheck.refusal(request.method, request.headers.host, request.headers.origin)
    if (refusal)
      return reply.code(refusal.statusCode).header('cache-control', 'no-store').send(refusal)
  })
  // Fastify's body parsers keep every chunk they read: hand them coalesced ones
  fastify.addHook('preParsing', async (request, _reply, payload) =>
    request.headers['transfer-encoding'] !== undefined ||
    Number(request.headers['content-length']) > 0
      ? coalesced(payload)
      : payload
  )
  registerInspector(fastify, options, capture)
  return fastify
}

/** The profile's trust rule bound to the user's settings; throws when the profile has none. */
function boundTrustOf(options: ServerOptions): BoundTrust | undefined {
  if (options.proxyTrust === undefined) return undefined
  const rule = PROFILES[options.profile].trust
  if (rule === undefined)
    throw new Error(`profile ${options.profile} has no proxy trust of its own`)
  return bindTrust(rule, options.proxyTrust)
}

/** Whether a request-target is in the reserved `/_inspector` space. */
export function isInspectorPath(target: string): boolean {
  if (!target.startsWith(INSPECTOR_PREFIX)) return false
  const next = target[INSPECTOR_PREFIX.length]
  return next === undefined || next === '/' || next === '?'
}

function registerInspector(
  fastify: FastifyInstance,
  options: ServerOptions,
  capture: Capture
): void {
  const info = (): InfoJson => ({
    version: VERSION,
    profile: options.profile,
    profiles: PROFILE_IDS,
    app: options.app,
    scriptName: options.scriptName,
    maxBody: options.maxBody,
    osEnviron: options.osEnviron !== undefined,
    pid: process.pid,
    capture: {
      history: capture.history?.limit ?? 0,
      historyBody: capture.history?.bodyLimit ?? 0,
      redact: capture.history?.redact ?? [],
    },
  })
  // everything under /_inspector/api answers errors with the one body (host/api-errors.ts)
  fastify.register(
    async function inspectorApi(api) {
      api.setErrorHandler(handleApiError)
      api.setNotFoundHandler(handleApiNotFound)
      // before the UI's /_inspector/* files: an unknown API path is a JSON 404, not a page
      api.all('/*', handleApiNotFound)
      api.get(
        '/health',
        async (): Promise<HealthJson> => ({
          status: 'ok',
          version: VERSION,
          profile: options.profile,
        })
      )
      api.get('/info', async () => info())
      api.register(captureRoutes, {
        capture,
        profile: options.profile,
        maxSubscribers: options.maxSubscribers,
      })
      api.register(proxyRoutes, {
        prefix: '/proxy',
        host: options.host,
        scriptName: options.scriptName,
        profile: options.profile,
        // --proxy-trust is the server's own trust: the Proxy page starts from it as it does
        // from --proxy-fix or --trusted-proxies
        ...(options.proxyPolicy !== undefined
          ? { serverPolicy: options.proxyPolicy }
          : options.proxyTrust !== undefined
            ? { serverPolicy: { mode: 'server', settings: options.proxyTrust } as const }
            : {}),
      })
      api.register(frameworksRoutes, {
        prefix: '/frameworks',
        host: options.host,
        scriptName: options.scriptName,
        profile: options.profile,
      })
      api.register(relayRoutes, { profile: options.profile, isInspectorTarget: isInspectorPath })
    },
    { prefix: `${INSPECTOR_PREFIX}/api` }
  )
  fastify.get(INSPECTOR_PREFIX, (_request, reply) => {
    reply.redirect(`${INSPECTOR_PREFIX}/`)
  })

  const uiRoot = options.uiRoot ?? join(ROOT, 'dist/web')
  if (existsSync(join(uiRoot, 'index.html'))) {
    fastify.register(fastifyStatic, {
      root: uiRoot,
      prefix: `${INSPECTOR_PREFIX}/`,
      // a list: with preCompressed, @fastify/static finds a directory's index only in a list
      index: ['index.html'],
      // the build writes .br and .gz copies (web/build/precompress.ts): sent by Accept-Encoding
      preCompressed: true,
    })
  } else {
    fastify.get(`${INSPECTOR_PREFIX}/`, (_request, reply) => {
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>environ-inspector</title><h1>environ-inspector</h1>' +
            '<p>The UI is not built. Run <code>npm run build</code> and restart.</p>'
        )
    })
  }
}
