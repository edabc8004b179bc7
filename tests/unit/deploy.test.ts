/**
 * The container and Kubernetes files cannot be built or applied on these machines (no
 * Docker engine, no cluster), so they are checked with what runs here: the manifest against
 * the Kubernetes OpenAPI schemas (kubernetes-models), the Dockerfile with a real parser.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DockerfileParser } from 'dockerfile-ast'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { Service } from 'kubernetes-models/v1/Service'
import { describe, expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'

const DEPLOY = join(import.meta.dirname, '../../server/deploy')

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

  test('runs as non-root and the Service selects the Deployment', () => {
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true)
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels)
  })
})

describe('server/deploy/Dockerfile', () => {
  const dockerfile = DockerfileParser.parse(readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8'))
  const instructions = dockerfile.getInstructions()
  const named = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword)

  test('parses with no problems and has a build stage and a runtime stage', () => {
    expect(named('FROM').map((i) => i.getArgumentsContent())).toEqual([
      'node:20-bookworm-slim AS build',
      'node:20-bookworm-slim AS runtime',
    ])
  })

  test('the runtime stage runs as the unprivileged node user and exposes 8000', () => {
    const runtime = instructions.slice(
      instructions.indexOf(named('FROM')[1] as (typeof instructions)[number])
    )
    expect(
      runtime.some((i) => i.getKeyword() === 'USER' && i.getArgumentsContent() === 'node')
    ).toBe(true)
    expect(named('EXPOSE')[0]?.getArgumentsContent()).toBe('8000')
    expect(named('HEALTHCHECK')[0]?.getArgumentsContent()).toContain('/_inspector/api/health')
  })

  test('listens on 0.0.0.0 inside the container and copies only what the runtime needs', () => {
    expect(named('CMD')[0]?.getArgumentsContent()).toBe('["--host", "0.0.0.0", "--port", "8000"]')
    const copied = named('COPY').map((i) => i.getTextContent())
    expect(copied.filter((c) => c.includes('--from=build'))).toHaveLength(4)
  })
})
