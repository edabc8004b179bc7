/**
 * @module
 * The deployment lab's verdict: what goes wrong for the user behind this chain, in plain
 * words, and the setting that fixes it. Pure: reads the frameworks API's answer.
 */
import type { EvaluationJson, FrameworksApiResponse } from '../../server/contract/api/frameworks.ts'
import { type LabChain, PUBLIC_HOST } from './lab-chains.ts'

export type LabFramework = 'flask' | 'django' | 'starlette'

export interface Verdict {
  readonly ok: boolean
  readonly text: string
  /** The setting or flag to change, as the user would write it. */
  readonly fix?: string
}

const PUBLIC_ORIGIN = `https://${PUBLIC_HOST}`

function evaluated(evaluation: EvaluationJson | undefined): string | undefined {
  return evaluation && 'value' in evaluation ? evaluation.value : undefined
}

function raised(evaluation: EvaluationJson | undefined): string | undefined {
  return evaluation && 'raises' in evaluation ? evaluation.raises : undefined
}

/** The scheme of the first quoted URL in a repr (`'http://…'`, `URL('https://…')`). */
function schemeIn(repr: string | undefined): string | undefined {
  return repr === undefined ? undefined : /'(https?):\/\//.exec(repr)?.[1]
}

/** The path of the first quoted URL in a repr. */
function pathIn(repr: string | undefined): string | undefined {
  return repr === undefined ? undefined : /'https?:\/\/[^/']*([^'?]*)/.exec(repr)?.[1]
}

function flaskVerdicts(answer: FrameworksApiResponse, chain: LabChain): Verdict[] {
  const out: Verdict[] = []
  const expressions = answer.flask.expressions
  const url = evaluated(expressions['request.url'])
  const proxies = chain.hops.length
  if (schemeIn(url) === 'http') {
    out.push({
      ok: false,
      text: 'Flask will build http:// links: request.url and url_for(..., _external=True) say http:// behind TLS.',
      fix: `app.wsgi_app = ProxyFix(app.wsgi_app, x_for=${proxies}, x_proto=1)`,
    })
  } else if (schemeIn(url) === 'https') {
    out.push({ ok: true, text: 'Flask builds https:// links, as the browser sees the site.' })
  } else if (raised(expressions['request.url'])) {
    out.push({
      ok: false,
      text: `Flask raises ${raised(expressions['request.url'])} for request.url.`,
    })
  }
  const remote = evaluated(expressions['request.remote_addr'])
  if (remote !== undefined && remote !== "'203.0.113.7'") {
    out.push({
      ok: false,
      text: `Flask sees the client as ${remote}, not the real client '203.0.113.7'.`,
      fix: `ProxyFix(app.wsgi_app, x_for=${proxies}) (one per proxy that appends X-Forwarded-For)`,
    })
  }
  if (chain.publicPrefix && !(pathIn(url) ?? '').startsWith(chain.publicPrefix)) {
    out.push({
      ok: false,
      text: `Flask's links miss the public prefix ${chain.publicPrefix}: request.root_path is ${evaluated(expressions['request.root_path']) ?? "''"}.`,
      fix: 'ProxyFix(app.wsgi_app, x_prefix=1) (the proxy sends X-Forwarded-Prefix)',
    })
  }
  return out
}

function djangoVerdicts(answer: FrameworksApiResponse, chain: LabChain): Verdict[] {
  const out: Verdict[] = []
  const expressions = answer.django.expressions
  if (raised(expressions['request.get_host()']) === 'DisallowedHost') {
    out.push({
      ok: false,
      text: `Django refuses the public host with DisallowedHost at request.get_host() (a 400 Bad Request for every request).`,
      fix: `ALLOWED_HOSTS = ['${PUBLIC_HOST}']`,
    })
  }
  const secure = evaluated(expressions['request.is_secure()'])
  if (secure === 'False') {
    out.push({
      ok: false,
      text: `Django will build http:// links (request.build_absolute_uri()) and, on a POST from ${PUBLIC_ORIGIN}, fail with "CSRF verification failed" (Origin checking failed), because request.is_secure() is False behind TLS.`,
      fix: "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')",
    })
  } else if (secure === 'True') {
    out.push({ ok: true, text: 'Django knows the request came over https (is_secure() is True).' })
  }
  const csrf = expressions['CsrfViewMiddleware.process_view() on POST']
  const csrfValue = evaluated(csrf)
  if (secure === 'True' && csrfValue !== undefined && csrfValue !== 'None') {
    out.push({
      ok: false,
      text: `Django refuses the POST: CSRF verification failed${csrf && 'message' in csrf && csrf.message ? ` (${csrf.message})` : ''}.`,
      fix: `CSRF_TRUSTED_ORIGINS = ['${PUBLIC_ORIGIN}']`,
    })
  } else if (csrfValue === 'None') {
    out.push({ ok: true, text: 'A POST from the site passes the CSRF origin check.' })
  }
  const full = evaluated(expressions['request.get_full_path()'])
  if (chain.publicPrefix && full !== undefined && !full.startsWith(`'${chain.publicPrefix}`)) {
    out.push({
      ok: false,
      text: `Django's paths miss the public prefix ${chain.publicPrefix}: get_full_path() is ${full}.`,
      fix: `FORCE_SCRIPT_NAME = '${chain.publicPrefix}'`,
    })
  }
  return out
}

function starletteVerdicts(answer: FrameworksApiResponse, chain: LabChain): Verdict[] {
  const out: Verdict[] = []
  if (answer.starlette.refused) {
    return [{ ok: false, text: `The ASGI server refuses the request: ${answer.starlette.refused}` }]
  }
  const expressions = answer.starlette.expressions
  const url = evaluated(expressions['request.url'])
  const last = chain.hops.at(-1)?.address ?? '127.0.0.1'
  if (schemeIn(url) === 'http') {
    out.push({
      ok: false,
      text: 'Starlette/FastAPI will build http:// links (request.url, url_for) behind TLS, and HTTPSRedirectMiddleware would redirect forever.',
      fix: `uvicorn --proxy-headers --forwarded-allow-ips='${last}'`,
    })
  }
  const prefix = chain.publicPrefix
  const path = pathIn(url) ?? ''
  if (prefix && path.startsWith(`${prefix}${prefix}`)) {
    out.push({
      ok: false,
      text: `Double prefix: request.url's path is ${path}. Since uvicorn 0.26 the server puts --root-path into scope['path'] too, so a prefix that the proxy did not strip is added twice.`,
      fix: `Set the prefix once: strip ${prefix} at the proxy and keep --root-path ${prefix}, or drop --root-path`,
    })
  }
  const docs = evaluated(expressions['FastAPI /docs openapi_url'])
  if (prefix && docs !== undefined && !docs.startsWith(`'${prefix}/`)) {
    out.push({
      ok: false,
      text: `FastAPI's /docs page will load ${docs}, which the proxy does not route (the public path is under ${prefix}): "Failed to load API definition".`,
      fix: `uvicorn --root-path ${prefix} (or FastAPI(root_path='${prefix}')), set once: with uvicorn ≥ 0.26 a --root-path the proxy did not strip gives the double prefix ${prefix}${prefix}/…`,
    })
  } else if (prefix && docs !== undefined) {
    out.push({ ok: true, text: `FastAPI's /docs page loads ${docs}, under the public prefix.` })
  }
  const trusted = evaluated(expressions.TrustedHostMiddleware)
  if (trusted !== undefined && trusted !== 'None') {
    out.push({
      ok: false,
      text: `TrustedHostMiddleware answers ${trusted} instead of running the app.`,
      fix: `TrustedHostMiddleware(allowed_hosts=['${PUBLIC_HOST}'])`,
    })
  }
  return out
}

/** What goes wrong for `framework` behind `chain`, each with its fix; an all-clear otherwise. */
export function labVerdicts(
  framework: LabFramework,
  answer: FrameworksApiResponse,
  chain: LabChain
): Verdict[] {
  const verdicts =
    framework === 'flask'
      ? flaskVerdicts(answer, chain)
      : framework === 'django'
        ? djangoVerdicts(answer, chain)
        : starletteVerdicts(answer, chain)
  return verdicts
}

/** The framework values that carry a forged value: `request.remote_addr = '6.6.6.6'`. */
export function forgedInValues(
  framework: LabFramework,
  answer: FrameworksApiResponse,
  forged: readonly string[]
): string[] {
  const out: string[] = []
  for (const [expression, evaluation] of Object.entries(answer[framework].expressions)) {
    const text =
      'value' in evaluation ? evaluation.value : `${evaluation.raises}: ${evaluation.message}`
    if (forged.some((value) => text.includes(value))) out.push(`${expression} = ${text}`)
  }
  return out
}
