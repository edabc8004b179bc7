import { describe, expect, test } from 'vitest'
import { ENVIRON_KEYS, type EnvironKeyDoc } from '../../../server/gateway/environ-keys.ts'
import { MIDDLEWARE_NAMES, middlewareFor } from '../../../server/middleware/index.ts'
import { compilePolicy } from '../../../server/proxy/policy.ts'
import { traceProxy } from '../../../server/proxy/trace.ts'
import { minimalEnviron } from '../../helpers/environ.ts'

const DOCS: readonly EnvironKeyDoc[] = ENVIRON_KEYS

describe('middleware names', () => {
  test('every "rewritten by" name in the key docs is a registered middleware', () => {
    const names = new Set(DOCS.flatMap((doc) => doc.rewrittenBy ?? []))
    expect([...names].sort()).toEqual([...MIDDLEWARE_NAMES].sort())
  })

  test('the keys documented as rewritten by trusted-proxies are the ones it can change', () => {
    const documented = DOCS.filter((doc) => doc.rewrittenBy?.includes('trusted-proxies')).map(
      (doc) => doc.key
    )
    const report = traceProxy(
      minimalEnviron({
        HTTP_X_FORWARDED_FOR: '203.0.113.7',
        HTTP_X_FORWARDED_PROTO: 'https',
        HTTP_X_FORWARDED_HOST: 'www.example.com:8443',
        HTTP_X_FORWARDED_PORT: '9443',
        HTTP_X_FORWARDED_PREFIX: '/app',
      }),
      compilePolicy({ mode: 'trusted', proxies: ['127.0.0.1'] })
    )
    expect(report.changed.filter((key) => key !== 'inspector.proxy_fix.orig').sort()).toEqual(
      documented.sort()
    )
  })
})

describe('middlewareFor', () => {
  test('no middleware for mode none', () => {
    expect(middlewareFor(compilePolicy({ mode: 'none' }))).toEqual([])
  })

  test('one middleware for the other modes', () => {
    expect(middlewareFor(compilePolicy({ mode: 'proxy-fix' }))).toHaveLength(1)
    expect(middlewareFor(compilePolicy({ mode: 'trusted', proxies: ['::1'] }))).toHaveLength(1)
  })
})
