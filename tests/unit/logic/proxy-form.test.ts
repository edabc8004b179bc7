import { describe, expect, test } from 'vitest'
import type { ProxyPolicyJson } from '../../../server/contract/api/proxy.ts'
import { parseProxyFixSpec, parseTrustedProxiesSpec } from '../../../server/proxy/policy.ts'
import { PROXY_PRESETS } from '../../../server/proxy/presets.ts'
import {
  emptyPolicyForm,
  formMatchesPolicy,
  isFieldError,
  parseProxyList,
  policyAsFlags,
  policyForm,
  policyJson,
  proxyQuery,
  queryKey,
  requestForm,
  requestJson,
} from '../../../web/logic/proxy-form.ts'
import { makeRow } from '../../../web/logic/rows.ts'

function preset(id: string) {
  const found = PROXY_PRESETS.find((p) => p.id === id)
  if (!found) throw new Error(`no preset ${id}`)
  return found
}

const NGINX = preset('nginx')

describe('parseProxyList', () => {
  test.each([
    ['127.0.0.1', ['127.0.0.1']],
    ['127.0.0.1, 10.0.0.0/8', ['127.0.0.1', '10.0.0.0/8']],
    ['127.0.0.1\n10.0.0.0/8\n', ['127.0.0.1', '10.0.0.0/8']],
    [' ::1 ,, loopback  ', ['::1', 'loopback']],
    ['', []],
  ])('splits %j', (text, entries) => {
    expect(parseProxyList(text)).toEqual(entries)
  })
})

describe('policy form', () => {
  test.each(PROXY_PRESETS.map((preset) => [preset.id, preset.policy] as const))(
    'the %s preset policy goes through the form unchanged',
    (_id, policy) => {
      expect(policyJson(policyForm(policy))).toEqual(policy)
    }
  )

  test('fills in Werkzeug defaults and forwarded: false', () => {
    expect(policyJson(policyForm({ mode: 'proxy-fix', xFor: 2 }))).toEqual({
      mode: 'proxy-fix',
      xFor: 2,
      xProto: 1,
      xHost: 0,
      xPort: 0,
      xPrefix: 0,
    })
    expect(policyJson(policyForm({ mode: 'trusted', proxies: ['::1'] }))).toEqual({
      mode: 'trusted',
      proxies: ['::1'],
      forwarded: false,
    })
  })

  test('switching mode keeps what the other modes had', () => {
    const counts = policyForm({ mode: 'proxy-fix', xFor: 3 })
    const trusted = policyForm({ mode: 'trusted', proxies: ['10.0.0.0/8'] }, counts)
    expect(trusted.mode).toBe('trusted')
    expect(policyJson({ ...trusted, mode: 'proxy-fix' })).toMatchObject({ xFor: 3 })
    const none = policyForm({ mode: 'none' }, trusted)
    expect(none.proxies).toBe('10.0.0.0/8')
  })

  test("the server's own trust: typed options go as they are, blanks are left unset", () => {
    const form = policyForm({ mode: 'server', settings: { forwarded_allow_ips: '10.0.0.1' } })
    expect(form.mode).toBe('server')
    expect(
      policyJson({ ...form, serverSettings: { ...form.serverSettings, forwarder_headers: ' ' } })
    ).toEqual({ mode: 'server', settings: { forwarded_allow_ips: '10.0.0.1' } })
    const defaults = policyForm({ mode: 'server', settings: 'server-default' }, form)
    expect(policyJson(defaults)).toEqual({ mode: 'server', settings: 'server-default' })
    // what was typed is kept under the defaults, for when they are turned off again
    expect(policyJson({ ...defaults, serverDefaults: false })).toEqual(policyJson(form))
    expect(policyAsFlags({ mode: 'server', settings: { forwarded_allow_ips: '*' } })).toBe(
      '--proxy-trust forwarded_allow_ips=*'
    )
  })

  test('an empty count is refused at its field; a bad number goes to the API as typed', () => {
    const form = policyForm({ mode: 'proxy-fix' })
    expect(policyJson({ ...form, counts: { ...form.counts, xHost: ' ' } })).toEqual({
      field: 'xHost',
      message: 'x_host: enter a number of proxies (0 trusts none)',
    })
    expect(policyJson({ ...form, counts: { ...form.counts, xFor: '-1' } })).toMatchObject({
      xFor: -1,
    })
  })

  test('policyAsFlags says what the CLI would take back', () => {
    const fix = policyAsFlags({ mode: 'proxy-fix', xFor: 2, xHost: 1 })
    expect(fix).toBe('--proxy-fix x_for=2,x_proto=1,x_host=1,x_port=0,x_prefix=0')
    expect(parseProxyFixSpec(fix.replace('--proxy-fix ', ''))).toEqual({
      xFor: 2,
      xProto: 1,
      xHost: 1,
      xPort: 0,
      xPrefix: 0,
    })
    const trusted = policyAsFlags({ mode: 'trusted', proxies: ['127.0.0.1', '::1'] })
    expect(trusted).toBe('--trusted-proxies 127.0.0.1,::1')
    expect(parseTrustedProxiesSpec(trusted.replace('--trusted-proxies ', '')).proxies).toEqual([
      '127.0.0.1',
      '::1',
    ])
    expect(policyAsFlags({ mode: 'trusted', proxies: ['::1'], forwarded: true })).toBe(
      '--trusted-proxies ::1 --forwarded'
    )
  })

  test('formMatchesPolicy compares with defaults filled in', () => {
    const server: ProxyPolicyJson = { mode: 'trusted', proxies: ['127.0.0.1'] }
    const form = policyForm(server)
    expect(formMatchesPolicy(form, server)).toBe(true)
    expect(formMatchesPolicy({ ...form, forwarded: true }, server)).toBe(false)
    expect(formMatchesPolicy(emptyPolicyForm(), { mode: 'none' })).toBe(true)
    expect(
      formMatchesPolicy(policyForm({ mode: 'proxy-fix' }), { mode: 'proxy-fix', xFor: 1 })
    ).toBe(true)
  })
})

describe('request form', () => {
  test.each(PROXY_PRESETS.map((preset) => [preset.id, preset.request] as const))(
    'the %s preset request goes through the form unchanged',
    (_id, request) => {
      const json = requestJson(requestForm(request))
      if (isFieldError(json)) throw new Error(json.message)
      expect(json.request).toEqual(request)
    }
  )

  test('unnamed rows are not sent, and each header sent keeps its row id', () => {
    const [host, blank, xff] = [
      makeRow('Host', 'a'),
      makeRow('', 'typing…'),
      makeRow('X-Forwarded-For', 'b'),
    ]
    const rows = [host, blank, xff]
    const form = { ...requestForm(NGINX.request), headers: rows }
    const json = requestJson(form)
    if (isFieldError(json)) throw new Error(json.message)
    expect(json.request.headers).toEqual([
      ['Host', 'a'],
      ['X-Forwarded-For', 'b'],
    ])
    expect(json.headerRows).toEqual([host.id, xff.id])
  })

  test('an empty peer port is left to the API default', () => {
    const form = { ...requestForm(NGINX.request), peerPort: '' }
    const json = requestJson(form)
    if (isFieldError(json)) throw new Error(json.message)
    expect(json.request.peer).toEqual({ address: '127.0.0.1' })
  })

  test('proxyQuery reports the first field JSON cannot carry', () => {
    const request = requestForm(NGINX.request)
    const policy = policyForm(NGINX.policy)
    expect(proxyQuery(request, policy)).toMatchObject({
      body: { request: NGINX.request, policy: NGINX.policy },
    })
    expect(
      proxyQuery(
        { ...request, peerPort: 'x' },
        { ...policy, counts: { ...policy.counts, xFor: '' } }
      )
    ).toMatchObject({ field: 'peerPort' })
  })
})

describe('queryKey', () => {
  test('is the same for the same request and policy, whatever the row ids and other modes', () => {
    const request = requestForm(NGINX.request)
    const policy = policyForm(NGINX.policy)
    const again = requestForm(NGINX.request)
    expect(again.headers[0]?.id).not.toBe(request.headers[0]?.id)
    const withList = policyForm(NGINX.policy, { ...policy, proxies: '10.0.0.0/8' })
    expect(queryKey(again, withList)).toBe(queryKey(request, policy))
  })

  test('changes with anything that would be sent', () => {
    const request = requestForm(NGINX.request)
    const policy = policyForm(NGINX.policy)
    const key = queryKey(request, policy)
    expect(queryKey({ ...request, peerPort: '1' }, policy)).not.toBe(key)
    expect(queryKey(request, { ...policy, counts: { ...policy.counts, xHost: '1' } })).not.toBe(key)
    expect(queryKey(request, { ...policy, mode: 'none' })).not.toBe(key)
  })
})
