/**
 * @module
 * The guided tour a teacher runs in class: the three uses of the inspector (inspect a request,
 * reason about a proxy, capture any client) in six steps. Each step is what a shared link
 * shows (a page, a request sent, a key selected), so moving to a step sets it up, and the
 * class sees the same screen as the teacher.
 */
import type { LinkRequest, LinkState } from './link-codec.ts'

export interface TourStep {
  readonly title: string
  /** What to look at and why, in two or three sentences. */
  readonly text: string
  /** The screen the step sets up. */
  readonly show: LinkState
  /** A command for the class to run in a terminal, for `origin` (this server). */
  readonly command?: (origin: string) => string
}

function request(path: string, query = '', headers: Array<[string, string]> = []): LinkRequest {
  return {
    method: 'GET',
    path,
    query,
    queryMode: 'table',
    headers: headers.map(([name, value]) => ({ name, value, enabled: true })),
    body: new Uint8Array(),
    mode: 'browser',
    httpVersion: '1.1',
  }
}

export const TOUR: readonly TourStep[] = [
  {
    title: 'A request becomes a dictionary',
    text: 'A WSGI app gets one dict, environ, for each request. The path is cut at the "?": PATH_INFO is the part before, decoded; QUERY_STRING the part after, exactly as sent. Select any key to see the bytes it came from.',
    show: {
      view: 'inspect',
      request: request('/foo/bar', 'baz=bat'),
      key: 'PATH_INFO',
      send: true,
    },
  },
  {
    title: 'Headers become HTTP_* keys',
    text: 'Every header is renamed: upper case, "-" as "_", and HTTP_ in front, so X-Course becomes HTTP_X_COURSE. Content-Type and Content-Length are the two that lose the prefix.',
    show: {
      view: 'inspect',
      request: request('/hello', '', [['X-Course', 'WSGI 101']]),
      key: 'HTTP_X_COURSE',
      send: true,
    },
  },
  {
    title: 'Bytes, read as latin-1',
    text: 'PEP 3333 keeps bytes in "native strings": each byte is one latin-1 character. The UTF-8 bytes of "é" in the path arrive as "Ã©"; an app encodes back to latin-1 and decodes UTF-8.',
    show: { view: 'inspect', request: request('/caf%C3%A9'), key: 'PATH_INFO', send: true },
  },
  {
    title: 'Behind a reverse proxy',
    text: 'A proxy forwards the request and says who the client was in X-Forwarded-For. Pick a preset: the page walks the header from the right and shows which REMOTE_ADDR ProxyFix would trust, and which values anyone could have forged.',
    show: { view: 'proxy' },
  },
  {
    title: 'Capture any client',
    text: 'Every request that reaches the echo shows up on the Live page as it arrives, from curl, a browser or an app under test. Run the command below and watch it appear; Replay opens it in the composer.',
    show: { view: 'live' },
    command: (origin) => `curl -d 'hello from the terminal' ${origin}/from-the-terminal`,
  },
  {
    title: 'Every key, explained',
    text: 'The Keys page lists every key with what it means, which servers set it and how, and its value in your last request. Each key has its own link, and the page prints as a handout.',
    show: { view: 'keys', key: 'wsgi.url_scheme' },
  },
]
