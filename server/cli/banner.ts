/**
 * @module
 * The banner the CLI prints once the server listens: where the echo, the UI and the live
 * capture are, the limits, and warnings about exposure.
 */
import { hostname } from 'node:os'
import { INSPECTOR_PREFIX, VERSION } from '../app.ts'
import { formatBytes } from '../capture/history-budget.ts'
import { describeHistory, HISTORY_DEFAULTS } from '../capture/options.ts'
import { hostPort } from '../contract/http.ts'
import { createHostCheck, NO_ALLOWED_HOSTS } from '../host/allowed-hosts.ts'
import { describeLimits, LIMIT_DEFAULTS } from '../host/limits.ts'
import type { ProxyPolicyInput } from '../proxy/policy.ts'
import type { Config } from './config.ts'

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}

export interface Output {
  write(text: string): unknown
}

/** Say where the echo, the UI and the live capture are, and warn about exposure. */
export function writeBanner(config: Config, port: number, out: Output, err: Output): void {
  const base = `http://${hostPort(config.host, port)}`
  out.write(
    `environ-inspector ${VERSION} · profile ${config.profile} · app ${config.app}` +
      `${config.workers > 1 ? ` · ${config.workers} workers` : ''}\n` +
      `  echo:  ${base}${config.scriptName}/  (every path outside ${INSPECTOR_PREFIX}/)\n` +
      `  UI:    ${base}${INSPECTOR_PREFIX}/\n` +
      `  try:   curl '${base}${config.scriptName}/foo/bar?baz=bat'\n`
  )
  const history = config.history ?? HISTORY_DEFAULTS
  out.write(
    history.limit > 0
      ? `  live:  curl -N '${base}${INSPECTOR_PREFIX}/api/events'  (${describeHistory(history)}; ` +
          `at most ${formatBytes(config.historyBudget.bytes)}${config.workers > 1 ? ' in each worker' : ''})\n`
      : `  live:  ${describeHistory(history)}\n`
  )
  if (config.historyBudget.verdict === 'warn') {
    err.write(`warning: --history: ${config.historyBudget.reason}\n`)
  }
  const hostCheck = createHostCheck({
    allowed: config.allowedHosts ?? NO_ALLOWED_HOSTS,
    ownNames: [hostname(), config.host],
  })
  out.write(`  hosts: ${INSPECTOR_PREFIX}/ answers to ${hostCheck.describe()}\n`)
  if (config.proxyPolicy) out.write(`  proxy: ${describeProxyPolicy(config.proxyPolicy)}\n`)
  if (config.proxyTrust) out.write(`  proxy trust: ${describeProxyTrust(config)}\n`)
  out.write(`  limits: ${describeLimits(config.limits ?? LIMIT_DEFAULTS)}\n`)
  if (!isLoopback(config.host)) {
    err.write(
      `warning: listening on ${config.host}: anyone who can reach this port can read the echo\n`
    )
    if (history.limit > 0) {
      err.write(
        `warning: they can also read every recent request at ${INSPECTOR_PREFIX}/api/requests, ` +
          "other people's Authorization and Cookie headers included; " +
          '--redact authorization,cookie hides them, --history 0 turns capture off\n'
      )
    }
  }
  if (config.allowedHosts?.any) {
    err.write(
      `warning: --allowed-hosts '*': ${INSPECTOR_PREFIX}/ answers to any Host name, so a web page ` +
        'whose name is re-pointed at this server (DNS rebinding) can read the history and drive the relay\n'
    )
  }
  if (config.osEnviron) {
    err.write(
      `warning: --os-environ: ${Object.keys(config.osEnviron).length} variables of this process's environment ` +
        'are copied into every response\n'
    )
  }
}

function describeProxyPolicy(policy: ProxyPolicyInput): string {
  if (policy.mode === 'proxy-fix') {
    const { xFor, xProto, xHost, xPort, xPrefix } = policy
    return `ProxyFix x_for=${xFor},x_proto=${xProto},x_host=${xHost},x_port=${xPort},x_prefix=${xPrefix}`
  }
  if (policy.mode === 'trusted') {
    const header = policy.forwarded ? 'Forwarded' : 'X-Forwarded-For'
    return `trusted proxies ${policy.proxies.join(', ')} (walking ${header})`
  }
  return 'none'
}

/** `--proxy-trust` in one line: the server whose rule runs, and its settings as given. */
function describeProxyTrust(config: Config): string {
  const trust = config.proxyTrust
  if (trust === undefined) return 'off'
  const settings =
    trust === 'server-default'
      ? "the server's own defaults"
      : Object.entries(trust)
          .map(([name, value]) => `${name}=${value}`)
          .join(' ')
  return `${config.profile}'s own rule, ${settings}`
}
