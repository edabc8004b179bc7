/**
 * @module
 * The framework settings the Proxy page's settings box holds: JSON with the frameworks' own
 * setting names, read into the API's `settings`, or the reason it cannot be.
 */
import type { FrameworksApiRequest } from '../../server/contract/api/frameworks.ts'

export type FrameworkSettings = NonNullable<FrameworksApiRequest['settings']>

/** What the box starts with: the settings behind a TLS proxy that the classics get wrong. */
export const EXAMPLE_SETTINGS = `{
  "flask": { "ProxyFix": null },
  "django": { "ALLOWED_HOSTS": ["*"], "SECURE_PROXY_SSL_HEADER": null },
  "starlette": { "root_path": "" }
}`

const FRAMEWORKS = ['flask', 'django', 'starlette'] as const

/** Read the box: the settings, or a sentence saying what is wrong (the server checks the rest). */
export function readSettings(
  text: string
): { readonly settings: FrameworkSettings } | { readonly error: string } {
  if (text.trim() === '') return { settings: {} }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return { error: `Settings: not JSON (${(error as Error).message})` }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { error: 'Settings: an object with "flask", "django" and "starlette" keys' }
  }
  const unknown = Object.keys(json).filter(
    (key) => !(FRAMEWORKS as readonly string[]).includes(key)
  )
  if (unknown.length > 0) {
    return { error: `Settings: no framework ${unknown.map((k) => JSON.stringify(k)).join(', ')}` }
  }
  return { settings: json as FrameworkSettings }
}
