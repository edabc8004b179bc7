/**
 * Each 400 of the proxy API lands at the field it is about. The messages are the server's
 * own (asked in-process), so a change in their wording fails here, not silently in the UI.
 */
import { describe, expect, test } from 'vitest'
import { PROXY_PRESETS } from '../../../server/proxy/presets.ts'
import { humanError, placeApiError } from '../../../web/logic/proxy-errors.ts'
import {
  type FieldError,
  type FieldId,
  isFieldError,
  type PolicyForm,
  policyForm,
  proxyQuery,
  type RequestForm,
  requestForm,
} from '../../../web/logic/proxy-form.ts'
import { makeRow } from '../../../web/logic/rows.ts'
import { setupProxyApi } from '../../helpers/proxy-api.ts'

const ask = setupProxyApi()
const preset = PROXY_PRESETS.find((p) => p.id === 'spoofing-client')
if (!preset) throw new Error('the spoofing-client preset is gone')
const REQUEST = requestForm(preset.request)
const POLICY = policyForm(preset.policy)
const FIX = policyForm({ mode: 'proxy-fix' }, POLICY)

const HOST = makeRow('Host', 'h')
const BAD = makeRow('X-Forwarded-Proto', 'caf€')

const cases: Array<{
  name: string
  request?: Partial<RequestForm>
  policy?: Partial<PolicyForm>
  field: FieldId
  message: RegExp
}> = [
  {
    name: 'a CIDR prefix too long',
    policy: { proxies: '127.0.0.1\n10.0.0.0/33' },
    field: 'proxies',
    message: /^policy: "10\.0\.0\.0\/33" is not a valid CIDR range/,
  },
  {
    name: 'a trusted entry that is not an address',
    policy: { proxies: 'nginx' },
    field: 'proxies',
    message: /"nginx" is not an IP address or CIDR range/,
  },
  {
    name: 'an empty trusted list',
    policy: { proxies: ' ' },
    field: 'proxies',
    message: /the list is empty/,
  },
  {
    name: 'a negative count',
    policy: { ...FIX, counts: { ...FIX.counts, xPort: '-1' } },
    field: 'xPort',
    message: /^body\/policy\/xPort must be >= 0/,
  },
  {
    name: 'a fractional count',
    policy: { ...FIX, counts: { ...FIX.counts, xFor: '1.5' } },
    field: 'xFor',
    message: /^body\/policy\/xFor must be integer/,
  },
  {
    name: 'a peer that is not an IP address',
    request: { peerAddress: 'localhost' },
    field: 'peerAddress',
    message: /^request\.peer\.address: "localhost" is not an IP address/,
  },
  {
    name: 'a peer port out of range',
    request: { peerPort: '70000' },
    field: 'peerPort',
    message: /^body\/request\/peer\/port must be <= 65535/,
  },
  {
    name: 'a method that is not a token',
    request: { method: 'GE T' },
    field: 'method',
    message: /^body\/request\/method must match pattern/,
  },
  {
    name: 'an empty target',
    request: { target: '' },
    field: 'target',
    message: /^body\/request\/target must NOT have fewer than 1 characters/,
  },
  {
    name: 'a header name that is not a token',
    request: { headers: [HOST, { ...BAD, name: 'X Bad', value: 'v' }] },
    field: `header:${BAD.id}`,
    message: /^body\/request\/headers\/1\/0 must match pattern/,
  },
  {
    name: 'a header value above latin-1',
    request: { headers: [HOST, BAD] },
    field: `header:${BAD.id}`,
    message: /^request\.headers\[1\] \(X-Forwarded-Proto\): characters above U\+00FF/,
  },
  {
    name: 'a request the profile refuses',
    // wsgiref's server reads at most 99 header lines
    request: { headers: Array.from({ length: 100 }, (_, i) => makeRow(`X-H${i}`, 'v')) },
    field: 'request',
    message: /^request: the wsgiref profile refuses it with 431: Too many headers/,
  },
]

describe('placeApiError', () => {
  test.each(cases)('puts the reason for $name at $field', async (c) => {
    const query = proxyQuery({ ...REQUEST, ...c.request }, { ...POLICY, ...c.policy })
    if (isFieldError(query)) throw new Error(`refused before the API: ${query.message}`)
    const { status, json } = await ask(query.body)
    expect(status).toBe(400)
    const placed = placeApiError(json.message ?? '', query.headerRows)
    expect(placed.field).toBe(c.field)
    expect(placed.message).toMatch(c.message)
  })

  test('an unknown profile lands at the profile field', async () => {
    const query = proxyQuery(REQUEST, POLICY)
    if (isFieldError(query)) throw new Error(query.message)
    const body = { ...query.body, profile: 'apache' } as unknown as typeof query.body
    const { status, json } = await ask(body)
    expect(status).toBe(400)
    expect(placeApiError(json.message ?? '', []).field).toBe('profile')
  })

  test("a server trust option's reason lands at that option", () => {
    const message = 'policy.settings.forwarded_allow_ips: "x" is not an IP address'
    expect(placeApiError(message, [])).toEqual({ field: 'setting:forwarded_allow_ips', message })
  })

  test('a message no field explains goes to the whole form', () => {
    expect(placeApiError('body must be object', [])).toEqual({
      field: 'form',
      message: 'body must be object',
    })
    expect(placeApiError('policy (mode proxy-fix): unknown field "x"', []).field).toBe('policy')
  })

  test('a header index past the rows sent falls back to the request', () => {
    expect(placeApiError('request.headers[5] (X): bad', ['r1']).field).toBe('request')
  })
})

describe('humanError', () => {
  test.each([
    [{ field: 'xFor', message: 'body/policy/xFor must be >= 0' }, 'x_for must be 0 or more.'],
    [
      { field: 'xFor', message: 'body/policy/xFor must be integer' },
      'x_for must be a whole number.',
    ],
    [
      { field: 'peerPort', message: 'body/request/peer/port must be <= 65535' },
      'The peer port must be 65535 or less.',
    ],
    [
      { field: 'target', message: 'body/request/target must NOT have fewer than 1 characters' },
      'The target must not be empty.',
    ],
    [
      { field: 'header:r1', message: 'body/request/headers/1/0 must match pattern "^[!#]+$"' },
      'This header has characters that are not allowed there.',
    ],
    [
      { field: 'proxies', message: 'policy: "10.0.0.0/33" is not a valid CIDR range' },
      '"10.0.0.0/33" is not a valid CIDR range',
    ],
    [
      {
        field: 'header:r1',
        message: 'request.headers[2] (X-Forwarded-Proto): characters above U+00FF',
      },
      'Characters above U+00FF',
    ],
    [
      { field: 'peerPort', message: 'Peer port: a number from 0 to 65535, or empty' },
      'Peer port: a number from 0 to 65535, or empty',
    ],
  ] as const)('%o reads "%s"', (error, text) => {
    expect(humanError(error as FieldError)).toBe(text)
  })
})
