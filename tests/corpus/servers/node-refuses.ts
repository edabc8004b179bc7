/**
 * @module
 * The requests of requests.ts that Node's HTTP parser (llhttp) refuses with an HPE_* code,
 * observed on Node 20 by sending each to a bare `http.createServer`. For these the Profiles
 * comparison shows each server's parser verdicts (profile `parser`), not an environ; the
 * profile-vs-fixture harness leaves them out.
 */
export const NODE_REFUSES: readonly string[] = [
  'T09',
  'T10',
  'T18',
  'T34',
  'T35',
  'T36',
  'T38',
  'T40',
  'T42',
  'T43',
  'T49',
  'T50',
  'T51',
  'T54',
  'T57',
  'T75',
  'T76',
  'T77',
  'T79',
  'T93',
  'T94',
  'T95',
  'T96',
  'T97',
  'T101',
  'T112',
  'T160',
  'T161',
  'P01',
  'P02',
  'P03',
  'P04',
  'P05',
  'P11',
  'P13',
  'P14',
  'P22',
  'ui:cl-te',
  'ui:two-lengths',
  'ui:obs-fold',
  'ui:bare-lf',
  'ui:no-colon',
]

/**
 * Of those, the bytes that end before a head does (HTTP/0.9's single CRLF): Node's parser
 * waits for more and answers nothing, so a server that refuses them at once differs by a
 * timeout, not a 400.
 */
export const NODE_WAITS: readonly string[] = ['P05']
