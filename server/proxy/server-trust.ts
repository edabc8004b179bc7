/**
 * @module
 * The proxy API's `server` policy: the request's profile applies its server's own proxy
 * trust (gateway/profiles/trust/) before the environ exists, and the report says what it
 * changed with the server's own reasons. Shared by the proxy and frameworks routes.
 */
import type { ServerTrustPolicyJson, ServerTrustTraceJson } from '../contract/api/proxy.ts'
import type { ProfileId } from '../contract/profiles.ts'
import type { Environ } from '../contract/python.ts'
import type { RequestFacts } from '../contract/request.ts'
import type { BuilderOptions, EnvironBuilder } from '../gateway/environ.ts'
import { PROFILES } from '../gateway/profiles/index.ts'
import { type BoundTrust, bindTrust, TRUST } from '../gateway/profiles/trust/index.ts'
import { type TrustEffect, TrustSettingsError } from '../gateway/profiles/trust.ts'
import { trustingBuilder } from '../gateway/trust.ts'
import { type Decision, environText, REWRITABLE_KEYS } from './outcome.ts'
import { compilePolicy } from './policy.ts'
import { type ProxyReport, traceProxy } from './trace.ts'

/** A bad field of a `server` policy; `field` is its path (`policy.settings.trusted_proxy`). */
export class ServerTrustInputError extends Error {
  readonly field: string
  constructor(field: string, message: string) {
    super(`${field}: ${message}`)
    this.field = field
  }
}

/**
 * Check a `server` policy under `profile` and bind its rule. A WSGI server's rule is traced
 * on the environ ({@link traceServerTrust}), an ASGI server's on the scope (scope-trust.ts).
 */
export function readServerTrust(policy: object, profile: ProfileId): BoundTrust {
  const unknown = Object.keys(policy).find((key) => key !== 'mode' && key !== 'settings')
  if (unknown !== undefined) {
    throw new ServerTrustInputError(
      'policy',
      `unknown field ${JSON.stringify(unknown)} for mode "server"; expected mode, settings`
    )
  }
  const rule = PROFILES[profile].trust
  if (rule === undefined) {
    throw new ServerTrustInputError(
      'policy.mode',
      `the ${profile} profile has no proxy trust of its own; pick a profile whose server has one (${profilesWithTrust().join(', ')}) or another mode`
    )
  }
  const settings = (policy as Partial<ServerTrustPolicyJson>).settings ?? {}
  if (settings !== 'server-default') {
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw new ServerTrustInputError(
        'policy.settings',
        `expected "server-default" or an object of ${rule}'s options`
      )
    }
    for (const [name, value] of Object.entries(settings)) {
      if (typeof value !== 'string') {
        throw new ServerTrustInputError(
          `policy.settings.${name}`,
          'expected a string, as on the server command line'
        )
      }
    }
  }
  try {
    return bindTrust(rule, settings)
  } catch (error) {
    if (error instanceof TrustSettingsError) {
      throw new ServerTrustInputError(
        `policy.settings.${error.field}`,
        error.message.slice(error.field.length + 2)
      )
    }
    throw error
  }
}

/** The profiles whose server has trust rules of its own. */
export function profilesWithTrust(): ProfileId[] {
  return (Object.keys(PROFILES) as ProfileId[]).filter((id) => PROFILES[id].trust !== undefined)
}

/** The request built without and with the server's trust, and what the rule decided. */
export interface BothWays {
  readonly raw: Environ
  /** The raw environ again when the server refused the request. */
  readonly effective: Environ
  readonly effect: TrustEffect
}

/** Build the request twice (environ or scope), without and with the server's trust. */
export function buildBothWays(
  builderFor: (options: BuilderOptions) => EnvironBuilder,
  trust: BoundTrust,
  facts: RequestFacts
): BothWays {
  const raw = builderFor({})(facts)
  let effect: TrustEffect | undefined
  const trusted = trustingBuilder(builderFor, trust, (_request, seen) => {
    effect = seen
  })
  let effective: Environ = raw
  try {
    effective = trusted(facts)
  } catch (error) {
    if (effect?.refusal === undefined) throw error
  }
  return { raw, effective, effect: effect ?? { dropHeaders: [], why: [] } }
}

/** The keys whose printed value the trust changed, or which it added. */
export function changedKeys(raw: Environ, effective: Environ): string[] {
  return Object.keys(effective).filter(
    (key) => !(key in raw) || environText(raw, key) !== environText(effective, key)
  )
}

/** The trace's `serverTrust`: the server's options, the settings, and what its rule said. */
export function serverTrustJson(trust: BoundTrust, effect: TrustEffect): ServerTrustTraceJson {
  const definition = TRUST[trust.server]
  return {
    server: trust.server,
    options: definition.options,
    settings: trust.settings,
    serverDefaults: definition.serverDefaults,
    why: effect.why,
    ...(effect.refusal ? { refusal: effect.refusal } : {}),
  }
}

/**
 * Build the request's environ twice, without and with the server's trust, and explain the
 * difference: one decision per key, each with the rule's `why` lines. A refusal leaves the
 * effective environ as the raw one and is reported in `serverTrust.refusal`.
 */
export function traceServerTrust(
  builderFor: (options: BuilderOptions) => EnvironBuilder,
  trust: BoundTrust,
  facts: RequestFacts
): ProxyReport {
  const { raw, effective, effect } = buildBothWays(builderFor, trust, facts)
  const base = traceProxy(raw, compilePolicy({ mode: 'none' }), facts.rawHeaders)
  const why = effect.why
  const decisions: Decision[] = REWRITABLE_KEYS.map((key) => {
    const from = environText(raw, key)
    const to = environText(effective, key)
    return {
      key,
      from,
      to,
      source: from === to ? 'server' : `${trust.server}'s own trust`,
      rule:
        from === to
          ? `${trust.server} left it as it sets it without a proxy`
          : `${trust.server}: ${why.join('; ')}`,
    }
  })
  return {
    rawEnviron: raw,
    effectiveEnviron: effective,
    changed: changedKeys(raw, effective),
    trace: {
      ...base.trace,
      policy: { mode: 'server', server: trust.server, settings: trust.settings },
      decisions,
      serverTrust: serverTrustJson(trust, effect),
    },
  }
}
