/**
 * The observed proxy-variant fixtures (tests/corpus/servers/<server>.<variant>.json) as trust
 * inputs: each answered request's raw bytes split into wire headers, with the echo the real
 * server gave. The fixtures were taken from 127.0.0.1.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TrustInput, WireHeader } from '../../../../server/gateway/profiles/trust.ts'
import { SERVER_REQUESTS } from '../../../corpus/servers/requests.ts'

export interface FixtureCase {
  readonly id: string
  readonly input: TrustInput
  readonly status: number
  readonly echo: Readonly<Record<string, string>>
}

interface Fixture {
  readonly args: readonly string[]
  readonly answers: Readonly<
    Record<string, { readonly status: number; readonly echo?: Readonly<Record<string, string>> }>
  >
}

/** The header lines of a raw request, obs-folds not joined (the proxy rows have none). */
export function wireHeaders(raw: string): WireHeader[] {
  const head = raw.split('\r\n\r\n')[0] as string
  return head
    .split('\r\n')
    .slice(1)
    .map((line) => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon), line.slice(colon + 1).trim()] as const
    })
}

export function fixtureCases(name: string): { args: readonly string[]; cases: FixtureCase[] } {
  const file = join(import.meta.dirname, '../../../corpus/servers', `${name}.json`)
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture
  const cases: FixtureCase[] = []
  for (const [id, answer] of Object.entries(fixture.answers)) {
    const request = SERVER_REQUESTS.find((r) => r.id === id)
    if (!request) throw new Error(`${name}: no request ${id}`)
    cases.push({
      id,
      input: {
        headers: wireHeaders(request.request),
        peer: { host: '127.0.0.1', port: 40000 },
        tls: false,
      },
      status: answer.status,
      echo: answer.echo ?? {},
    })
  }
  return { args: fixture.args, cases }
}
