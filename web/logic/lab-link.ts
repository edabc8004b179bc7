/**
 * @module
 * The deployment lab's set-up and its form in the URL hash (`#/lab?chain=…&fw=…`), so a
 * set-up can be shared and restored. Pure: unknown or malformed parameters fall back to the
 * defaults, never throw.
 */
import { LAB_CHAINS } from './lab-chains.ts'
import type { LabFramework } from './lab-verdict.ts'

export type LabTrust = 'none' | 'last-proxy' | 'own-flags'

const TRUSTS: readonly LabTrust[] = ['none', 'last-proxy', 'own-flags']

/** A trust choice from a link or a select, `none` when it is not one. */
export function labTrust(text: string | null): LabTrust {
  return TRUSTS.find((entry) => entry === text) ?? 'none'
}

export interface LabSetup {
  readonly chain: string
  /** A profile id from /_inspector/api/info; `''`: the server's own. */
  readonly profile: string
  readonly framework: LabFramework
  readonly method: 'GET' | 'POST'
  /** The path under the public prefix. */
  readonly path: string
  /**
   * Whether the server trusts the last proxy's forwarding headers: not at all, as
   * `--trusted-proxies` does (a ProxyFix-like rewrite of client, scheme and host), or with the
   * server's own proxy flags (gunicorn `--forwarded-allow-ips`: the scheme only).
   */
  readonly trust: LabTrust
  /** The framework's settings as JSON text (its own setting names). */
  readonly settings: string
}

export const DEFAULT_SETUP: LabSetup = {
  chain: 'nginx',
  profile: '',
  framework: 'flask',
  method: 'GET',
  path: '/items?page=2',
  trust: 'none',
  settings: '{}',
}

const FRAMEWORKS: readonly LabFramework[] = ['flask', 'django', 'starlette']

export function parseSetup(params: string): LabSetup {
  const query = new URLSearchParams(params)
  const chain = query.get('chain')
  const framework = query.get('fw')
  const path = query.get('path')
  return {
    chain: LAB_CHAINS.some((entry) => entry.id === chain) ? (chain as string) : DEFAULT_SETUP.chain,
    profile: query.get('profile') ?? '',
    framework: FRAMEWORKS.find((entry) => entry === framework) ?? DEFAULT_SETUP.framework,
    method: query.get('method') === 'POST' ? 'POST' : 'GET',
    path: path?.startsWith('/') ? path : DEFAULT_SETUP.path,
    trust: labTrust(query.get('trust')),
    settings: query.get('settings') ?? DEFAULT_SETUP.settings,
  }
}

export function formatSetup(setup: LabSetup): string {
  const query = new URLSearchParams({ chain: setup.chain, fw: setup.framework })
  if (setup.profile) query.set('profile', setup.profile)
  query.set('method', setup.method)
  query.set('path', setup.path)
  query.set('trust', setup.trust)
  query.set('settings', setup.settings)
  return query.toString()
}

/** The issue trackers' three classics, one click each. */
export const CLASSICS: ReadonlyArray<{
  readonly id: string
  readonly label: string
  readonly setup: LabSetup
}> = [
  {
    id: 'flask-tls',
    label: 'Flask behind TLS: url_for gives http://',
    setup: { ...DEFAULT_SETUP, chain: 'nginx', framework: 'flask', settings: '{}' },
  },
  {
    id: 'django-tls',
    label: 'Django behind TLS: DisallowedHost, http:// links, CSRF failed',
    setup: {
      ...DEFAULT_SETUP,
      chain: 'aws-alb',
      framework: 'django',
      method: 'POST',
      path: '/accounts/login/',
      settings: JSON.stringify({ ALLOWED_HOSTS: ['localhost'] }),
    },
  },
  {
    id: 'fastapi-prefix',
    label: 'FastAPI behind a path prefix: root_path and /docs',
    setup: {
      ...DEFAULT_SETUP,
      chain: 'ingress-nginx',
      framework: 'starlette',
      path: '/items',
      settings: '{}',
    },
  },
]
