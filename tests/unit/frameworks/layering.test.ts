/**
 * Import rules for server/frameworks/: the models are sans-io (no Node API, no Fastify) and
 * lean only on the contract (environ types, Python rendering, latin-1, the API types), their own Python rules, Werkzeug's
 * list-header split (server/proxy/xff.ts) and ipaddr.js. evaluate.ts may also use the pure
 * proxy analysis (Flask's ProxyFix is the one the proxy debugger explains); routes.ts is the
 * host side.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'

const ROOT = join(import.meta.dirname, '../../..')
const DIR = 'server/frameworks'

const files = readdirSync(join(ROOT, DIR), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(DIR, file))

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => {
    const specifier = m[1] as string
    return specifier.startsWith('.') ? relative(ROOT, join(ROOT, file, '..', specifier)) : specifier
  })
}

const MODEL_IMPORTS =
  /^(server\/frameworks\/|server\/contract\/|server\/gateway\/(types|target|errors)\.ts$|server\/proxy\/xff\.ts$|ipaddr\.js$)/

describe('server/frameworks layering', () => {
  test.each(files.filter((f) => !f.endsWith('/routes.ts') && !f.endsWith('/evaluate.ts')))(
    '%s is a sans-io model',
    (file) => {
      for (const target of imports(file)) expect(target, target).toMatch(MODEL_IMPORTS)
      expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/\bBuffer\.|\bprocess\.|node:/)
    }
  )

  test('evaluate.ts adds only the contract and the pure proxy analysis', () => {
    for (const target of imports(`${DIR}/evaluate.ts`)) {
      expect(target, target).toMatch(
        /^(server\/frameworks\/|server\/contract\/|server\/proxy\/(outcome|proxy-fix-rules)\.ts$)/
      )
    }
  })
})
