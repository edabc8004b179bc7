/**
 * @module
 * The real frameworks API, in-process and without a socket, and the one-line form of an
 * evaluation the scenario table (tests/http/frameworks-scenarios.ts) is written in.
 */
import { afterAll, beforeAll } from 'vitest'
import { buildServer } from '../../server/app.ts'
import type {
  EvaluationJson,
  FrameworksApiRequest,
  FrameworksApiResponse,
} from '../../server/contract/api/frameworks.ts'
import { DEFAULTS } from './server.ts'

export interface FrameworksApiReply {
  readonly status: number
  readonly json: FrameworksApiResponse & { readonly message?: string; readonly code?: string }
}

/** Build one server for the calling test file; returns a function that posts to the API. */
export function setupFrameworksApi(): (
  body: FrameworksApiRequest | string
) => Promise<FrameworksApiReply> {
  let server: Awaited<ReturnType<typeof buildServer>> | undefined
  beforeAll(async () => {
    server = await buildServer({ ...DEFAULTS })
    await server.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await server?.close()
  })
  return async (body) => {
    if (!server) throw new Error('setupFrameworksApi: the server is not built yet')
    const response = await server.inject({
      method: 'POST',
      url: '/_inspector/api/frameworks',
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
    return { status: response.statusCode, json: response.json() }
  }
}

/** `repr [message]` for a value, `raises Type: message` for an exception. */
export function show(evaluation: EvaluationJson | undefined): string {
  if (!evaluation) return '(not answered)'
  if ('value' in evaluation) {
    return evaluation.message === undefined
      ? evaluation.value
      : `${evaluation.value} [${evaluation.message}]`
  }
  return `raises ${evaluation.raises}: ${evaluation.message}`
}
