/**
 * Fuzzing over real sockets: generated requests (odd methods, targets, versions, header
 * names and values, chunked bodies) on keep-alive connections, and byte-level mutations of
 * the spec corpus on connections of their own, against the real CLI in a child process,
 * one per profile.
 *
 * Every answer must be a 200 with a valid environ, a 4xx with a JSON reason, or a close
 * (judge.ts); a generated request, whose framing is right, must get an answer. Afterwards each process must still be running, must have written nothing to
 * stderr (no uncaught exception, no logged app error), and must answer a normal request.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PROFILE_IDS, profileInterface } from '../../server/contract/profiles.ts'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'
import { judge } from './judge.ts'
import { Lane } from './lane.ts'
import {
  corpusRequests,
  generatedRequest,
  type HostileRequest,
  mutatedRequest,
} from './requests.ts'
import { FUZZ_SEED, SCALE } from './scale.ts'

const LANES_PER_SERVER = 4
const EXCHANGE_TIMEOUT_MS = 10_000

/** Build the whole run up front from one seed, so a failure can be replayed exactly. */
function hostileRequests(count: number, seed: number): HostileRequest[] {
  let next = 0
  const generated = fc.sample(
    generatedRequest(() => String(++next)),
    { numRuns: Math.ceil(count / 2), seed }
  )
  const seeds = [...corpusRequests(), ...generated.slice(0, 50).map((r) => r.bytes)]
  const mutated = fc.sample(mutatedRequest(seeds), {
    numRuns: Math.floor(count / 2),
    seed: seed + 1,
  })
  // interleave, so keep-alive lanes also see connections closed under them
  return generated.flatMap((g, i) => (mutated[i] ? [g, mutated[i]] : [g]))
}

describe(`fuzzing: ${SCALE.fuzzRequests} hostile requests (${SCALE.name} scale, seed ${FUZZ_SEED})`, () => {
  const servers: InspectorProcess[] = []

  beforeAll(async () => {
    for (const profile of PROFILE_IDS) {
      // a small --max-body so the fuzzer's bodies hit the 413 path too
      servers.push(await startInspector(['--profile', profile, '--max-body', '4kb']))
    }
  }, 60_000)
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()))
  })

  test(
    'every answer is a valid environ, a 4xx or a close; the servers stay up and quiet',
    async () => {
      const requests = hostileRequests(SCALE.fuzzRequests, FUZZ_SEED)
      const counts = { '200': 0, refused: 0, closed: 0 }
      const failures: string[] = []
      let connections = 0
      const unanswered: string[] = []
      const started = performance.now()

      await Promise.all(
        servers.flatMap((server, s) =>
          Array.from({ length: LANES_PER_SERVER }, async (_, l) => {
            const lane = new Lane({ host: server.host, port: server.port })
            const stride = servers.length * LANES_PER_SERVER
            for (let i = s * LANES_PER_SERVER + l; i < requests.length; i += stride) {
              const request = requests[i] as HostileRequest
              const answer = await lane.send(request.bytes, {
                head: request.head,
                timeoutMs: EXCHANGE_TIMEOUT_MS,
                oneShot: request.kind === 'mutated',
              })
              const verdict = judge(request, answer, profileInterface(PROFILE_IDS[s] ?? 'wsgiref'))
              if (verdict.ok && verdict.outcome === 'closed' && request.kind === 'generated') {
                unanswered.push(
                  `${PROFILE_IDS[s]} #${i}: ${request.bytes.toString('base64').slice(0, 400)}`
                )
              }
              if (verdict.ok) counts[verdict.outcome]++
              else if (failures.length < 10) {
                failures.push(
                  `${PROFILE_IDS[s]} #${i} (${request.kind}): ${verdict.reason}\n` +
                    `  request (base64): ${request.bytes.toString('base64').slice(0, 400)}`
                )
              }
            }
            lane.close()
            connections += lane.connections
          })
        )
      )
      const seconds = (performance.now() - started) / 1000
      console.log(
        `fuzz: ${requests.length} requests in ${seconds.toFixed(1)} s ` +
          `(${Math.round(requests.length / seconds)}/s) over ${connections} connections, ` +
          `seed ${FUZZ_SEED}: ${counts['200']} × 200, ${counts.refused} × 4xx or 505, ${counts.closed} closed`
      )
      expect(failures, `replay with EI_FUZZ_SEED=${FUZZ_SEED}`).toEqual([])
      // a request whose framing is right always gets an answer, even a refusal: a bare close
      // (a reset that beat the response) would leave its client guessing
      expect(unanswered.slice(0, 5), `replay with EI_FUZZ_SEED=${FUZZ_SEED}`).toEqual([])
      expect(counts['200'] + counts.refused + counts.closed).toBe(requests.length)
      // the generator is not so broken that everything is refused
      expect(counts['200']).toBeGreaterThan(requests.length / 5)

      for (const [s, server] of servers.entries()) {
        const res = await fetch(`${server.url}after-the-fuzz?ok=1`)
        expect(res.status, `${PROFILE_IDS[s]} answers a normal request afterwards`).toBe(200)
        const echoed = (await res.json()) as Record<string, string>
        const id = PROFILE_IDS[s] ?? 'wsgiref'
        // an ASGI server's scope names the path `path`, a WSGI environ `PATH_INFO`
        const pathKey = profileInterface(id) === 'asgi' ? 'path' : 'PATH_INFO'
        expect(echoed[pathKey], id).toBe('/after-the-fuzz')
        expect(server.errors(), `${PROFILE_IDS[s]} wrote to stderr`).toBe('')
      }
    },
    SCALE.name === 'full' ? 600_000 : 120_000
  )
})
