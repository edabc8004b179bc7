/**
 * @module
 * The real proxy API, in-process and without a socket, for the Proxy page's pure state:
 * its readings are tested against what the server actually answers.
 */
import { afterAll, beforeAll } from 'vitest'
import { buildServer } from '../../server/app.ts'
import type { ProxyApiRequest, ProxyApiResponse } from '../../server/contract/api/proxy.ts'
import { DEFAULTS } from './server.ts'

export interface ProxyApiReply {
  readonly status: number
  readonly json: ProxyApiResponse & { readonly message?: string }
}

/** Build one server for the calling test file; returns a function that posts to it. */
export function setupProxyApi(): (body: ProxyApiRequest) => Promise<ProxyApiReply> {
  let server: Awaited<ReturnType<typeof buildServer>> | undefined
  beforeAll(async () => {
    server = await buildServer({ ...DEFAULTS })
    await server.ready()
  })
  afterAll(async () => {
    await server?.close()
  })
  return async (body) => {
    if (!server) throw new Error('setupProxyApi: the server is not built yet')
    const response = await server.inject({
      method: 'POST',
      url: '/_inspector/api/proxy',
      payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
    return { status: response.statusCode, json: response.json() }
  }
}
