/**
 * Import-direction rules (style guide B1): the gateway core stays sans-io, only the host
 * modules touch Fastify, and the UI reaches into the server only for pure data. Inside the
 * UI, models (web/state) stay apart from pure logic (web/logic) and from HTTP (web/api).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'

const ROOT = join(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return []
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join(dir, file))
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string
  )
}

/** Resolve a relative import to a repo path; bare specifiers stay as they are. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier
  return relative(ROOT, join(ROOT, file, '..', specifier))
}

/** Each import of a web file, and whether it is `import type` (erased from the bundle). */
function webImports(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => ({ specifier: m[3] as string, typeOnly: m[1] === 'import' && m[2] !== undefined })
  )
}

/** The file without comments and string literals: what it runs, not what it says. */
function code(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''")
}

/** What pure logic must not touch: signals, the DOM, storage, the network. */
const BROWSER_IO =
  /\b(document|window|localStorage|sessionStorage|navigator|EventSource|matchMedia)\b|\bfetch\(\s*[^)\s]/

/** A Fastify route plugin (`server/<feature>/routes.ts`): the host side of one feature. */
function isRoutePlugin(file: string): boolean {
  return /^server\/[^/]+\/routes\.ts$/.test(file)
}

/** The sans-io proxy analysis, which middleware may call; not its route plugin. */
function isPureProxyModule(resolved: string): boolean {
  return resolved.startsWith('server/proxy/') && !isRoutePlugin(resolved)
}

describe('layering', () => {
  test.each(sources('server/gateway'))('%s imports only server/gateway and no Node API', (file) => {
    for (const specifier of imports(file)) {
      expect(target(file, specifier), specifier).toMatch(/^server\/gateway\//)
    }
    expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/\bBuffer\.|\bprocess\./)
  })

  test.each([...sources('server/apps'), ...sources('server/middleware')])(
    '%s imports only server/gateway or its own folder',
    (file) => {
      for (const specifier of imports(file)) {
        const resolved = target(file, specifier)
        expect(
          resolved.startsWith('server/gateway/') ||
            resolved.startsWith(file.split('/').slice(0, 2).join('/')) ||
            // middleware may use the pure proxy analysis (one source of truth for decisions)
            (file.startsWith('server/middleware/') && isPureProxyModule(resolved)),
          specifier
        ).toBe(true)
      }
    }
  )

  test('only the host modules import fastify', () => {
    const allowed = ['server/app.ts', 'server/cli.ts']
    for (const file of sources('server')) {
      const usesFastify = imports(file).some((s) => s === 'fastify' || s.startsWith('@fastify/'))
      if (usesFastify)
        expect(
          allowed.includes(file) || file.startsWith('server/adapters/') || isRoutePlugin(file),
          file
        ).toBe(true)
    }
  })

  test.each(sources('server/proxy').filter((file) => !isRoutePlugin(file)))(
    '%s (proxy analysis) imports only server/gateway, server/proxy and ipaddr.js',
    (file) => {
      for (const specifier of imports(file)) {
        expect(target(file, specifier), specifier).toMatch(
          /^(server\/gateway\/|server\/proxy\/|ipaddr\.js$)/
        )
      }
      expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/\bBuffer\.|\bprocess\./)
    }
  )

  test.each(sources('web'))('%s takes only pure data from server/', (file) => {
    for (const specifier of imports(file)) {
      const resolved = target(file, specifier)
      if (resolved.startsWith('server/')) {
        expect(
          [
            'server/gateway/environ-keys.ts',
            'server/gateway/environ-key-groups.ts',
            'server/gateway/types.ts',
            // the relay's JSON shapes (types only) and its step vocabulary (plain data)
            'server/relay/types.ts',
            'server/relay/steps.ts',
            // the proxy API's JSON shapes: types only, so the UI and the server cannot drift
            'server/proxy/api-types.ts',
          ],
          specifier
        ).toContain(resolved)
      }
    }
  })

  // web/: state/ holds the signal models, logic/ the pure functions they use, api/ every
  // request to the server, lib/ small generic helpers; components and views render state
  test.each(sources('web/logic'))('%s (web logic) is pure: no signals, DOM or HTTP', (file) => {
    for (const { specifier, typeOnly } of webImports(file)) {
      expect(specifier).not.toMatch(/^@?preact\b/)
      const resolved = target(file, specifier)
      if (resolved.startsWith('server/')) continue // checked above: pure data only
      // the API's result types are the vocabulary logic reads; its code is not
      if (typeOnly && resolved.startsWith('web/api/')) continue
      expect(resolved, specifier).toMatch(/^web\/(logic|lib\/(bytes|cx))\b/)
    }
    expect(code(file), file).not.toMatch(BROWSER_IO)
  })

  test.each(sources('web/api'))('%s (web api) imports only api, logic and server types', (file) => {
    for (const { specifier } of webImports(file)) {
      expect(target(file, specifier), specifier).toMatch(/^(web\/(api|logic)\/|server\/)/)
    }
  })

  test.each(sources('web/lib'))('%s (web lib) imports only lib and preact', (file) => {
    for (const { specifier } of webImports(file)) {
      expect(target(file, specifier), specifier).toMatch(/^(web\/lib\/|@preact\/signals$)/)
    }
  })

  test.each(sources('web/state'))('%s (web state) is a signal model that calls no HTTP', (file) => {
    const usesSignals = webImports(file).some(({ specifier }) => specifier === '@preact/signals')
    expect(usesSignals || /\.value\s*=[^=]/.test(code(file)), 'declares or writes a signal').toBe(
      true
    )
    for (const { specifier } of webImports(file)) {
      expect(target(file, specifier), specifier).not.toMatch(/^web\/(components|views)\//)
    }
  })

  test('only web/api/ calls fetch() or opens an EventSource', () => {
    const outside = sources('web').filter((file) => !file.startsWith('web/api/'))
    const calling = outside.filter((file) =>
      /\bfetch\(\s*[^)\s]|\bnew EventSource\b/.test(code(file))
    )
    expect(calling).toEqual([])
  })

  test.each(sources('tests/browser'))('%s imports nothing from server/ or web/', (file) => {
    for (const specifier of imports(file)) {
      expect(target(file, specifier), specifier).not.toMatch(/^(server|web)\//)
    }
  })
})
