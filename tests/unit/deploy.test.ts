/**
 * The container and Kubernetes files cannot be built or applied on these machines (no
 * Docker engine, no cluster), so they are checked with what runs here: the manifest against
 * the Kubernetes OpenAPI schemas (kubernetes-models), the Dockerfile with a real parser.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DockerfileParser } from 'dockerfile-ast'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { Service } from 'kubernetes-models/v1/Service'
import semver from 'semver'
import { describe, expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { ensureBuilt } from '../helpers/build.ts'
import { REPO_ROOT } from '../helpers/inspector-process.ts'

const DEPLOY = join(import.meta.dirname, '../../server/deploy')
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string
  engines: { node: string }
  bin: Record<string, string>
}

describe('server/deploy/kubernetes.yaml', () => {
  const docs = parseAllDocuments(readFileSync(join(DEPLOY, 'kubernetes.yaml'), 'utf8')).map((d) =>
    d.toJS()
  )
  const deployment = docs.find((d) => d.kind === 'Deployment')
  const service = docs.find((d) => d.kind === 'Service')

  test('holds a Deployment and a Service that pass the Kubernetes schemas', () => {
    expect(docs).toHaveLength(2)
    expect(() => new Deployment(deployment).validate()).not.toThrow()
    expect(() => new Service(service).validate()).not.toThrow()
  })

  test('probes readiness and liveness on /_inspector/api/health of the container port', () => {
    const container = deployment.spec.template.spec.containers[0]
    expect(container.readinessProbe.httpGet).toEqual({
      path: '/_inspector/api/health',
      port: 'http',
    })
    expect(container.livenessProbe.httpGet).toEqual({
      path: '/_inspector/api/health',
      port: 'http',
    })
    expect(container.ports).toContainEqual({ name: 'http', containerPort: 8000 })
    expect(container.args).toEqual(['--host', '0.0.0.0', '--port', '8000'])
  })

  test("runs the image of this package's version", () => {
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      `environ-inspector:${manifest.version}`
    )
  })

  test('runs as non-root and the Service selects the Deployment', () => {
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true)
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels)
  })
})

describe('server/deploy/Dockerfile', () => {
  const dockerfile = DockerfileParser.parse(readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8'))
  const instructions = dockerfile.getInstructions()
  const named = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword)
  const runtimeStart = instructions.indexOf(named('FROM')[1] as (typeof instructions)[number])
  const runtime = instructions.slice(runtimeStart)
  const exec = (keyword: string) => JSON.parse(named(keyword)[0]?.getArgumentsContent() ?? 'null')

  test('builds in one stage and runs in another, both on a Node.js LTS the package supports', () => {
    expect(named('FROM').map((i) => i.getArgumentsContent())).toEqual([
      'node:24-trixie-slim AS build',
      'node:24-trixie-slim AS runtime',
    ])
    // an LTS line (even major) whose every release package.json's engines accept
    const major = Number(/^node:(\d+)-/.exec(named('FROM')[1]?.getArgumentsContent() ?? '')?.[1])
    expect(major % 2).toBe(0)
    expect(semver.subset(`^${major}.0.0`, manifest.engines.node)).toBe(true)
  })

  test('the runtime stage runs as the unprivileged node user, exposes 8000, checks health', () => {
    expect(
      runtime.filter((i) => i.getKeyword() === 'USER').map((i) => i.getArgumentsContent())
    ).toEqual(['node'])
    expect(named('EXPOSE')[0]?.getArgumentsContent()).toBe('8000')
    expect(named('HEALTHCHECK')[0]?.getArgumentsContent()).toContain('/_inspector/api/health')
    expect(named('HEALTHCHECK')[0]?.getTextContent()).toMatch(
      /^HEALTHCHECK --interval=\S+ .*CMD \[/s
    )
  })

  test("runs the package's built bin with plain node: no tsx, no TypeScript", async () => {
    expect(exec('ENTRYPOINT')?.slice(0, 2)).toEqual(['node', manifest.bin['environ-inspector']])
    await ensureBuilt()
    expect(existsSync(join(REPO_ROOT, manifest.bin['environ-inspector'] as string))).toBe(true)
    expect(named('RUN').map((i) => i.getArgumentsContent())).toContain(
      'npm run build && npm prune --omit=dev'
    )
  }, 300_000)

  test('listens on 0.0.0.0 inside the container and copies only what the runtime needs', () => {
    // in the entry point, not CMD: `docker run … environ-inspector --profile gunicorn` adds options
    expect(exec('ENTRYPOINT')?.slice(2)).toEqual(['--host', '0.0.0.0', '--port', '8000'])
    expect(named('CMD')).toEqual([])
    const copied = runtime.filter((i) => i.getKeyword() === 'COPY').map((i) => i.getTextContent())
    // the manifest (the package's root and version), the production dependencies and dist/;
    // root-owned (no --chown): the server cannot rewrite its own code
    expect(copied).toEqual([
      'COPY --from=build /app/package.json ./',
      'COPY --from=build /app/node_modules ./node_modules',
      'COPY --from=build /app/dist ./dist',
    ])
  })

  test('Dockerfile.dockerignore lets through exactly what the build stage copies', () => {
    const ignore = readFileSync(join(DEPLOY, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
    const sources = instructions
      .slice(0, runtimeStart)
      .filter((i) => i.getKeyword() === 'COPY')
      .flatMap((i) =>
        i
          .getArguments()
          .slice(0, -1)
          .map((a) => a.getValue())
      )
    expect(ignore).toEqual(['*', ...sources.map((source) => `!${source}`)])
  })
})
