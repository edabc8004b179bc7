/**
 * The uwsgi and django profiles against Debian's observed answers (tests/corpus/servers/
 * uwsgi.json, django.json), for well-formed requests Node's parser hands over unchanged.
 * A focused check until the profile-vs-fixture harness (wsgi branch) covers every request:
 * each case below must match the fixture's echo exactly, key order included, once the
 * differences between the modelled release and Debian's are applied (named with their reason).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import type { ProfileId } from '../../../server/contract/profiles.ts'
import { pyStr } from '../../../server/contract/python.ts'
import { buildEnviron } from '../../../server/gateway/environ.ts'
import { SERVER_REQUESTS } from '../../corpus/servers/requests.ts'
import { parseHead, SERVER } from '../../helpers/request.ts'

type Echo = Record<string, string>
const fixture = (id: string): Record<string, { status: number | null; echo?: Echo }> =>
  JSON.parse(readFileSync(`tests/corpus/servers/${id}.json`, 'utf8')).answers

/** Debian's answer, as the release we model would give it. */
const MODELLED: Record<'uwsgi' | 'django', (echo: Echo) => Echo> = {
  // uWSGI 2.0.21 → 2.0.30: only the version string (proto/http.c, wsgi_subhandler.c unchanged)
  uwsgi: (echo) => ({ ...echo, 'uwsgi.version': "b'2.0.30'" }),
  django: (echo) => {
    // DJANGO_SETTINGS_MODULE, TZ, LANG: the process's os.environ, copied only with --os-environ
    const { LANG, DJANGO_SETTINGS_MODULE, TZ, ...rest } = echo
    // Django ≥ 5.0 no longer wraps sys.stderr with colorama off Windows (#34768, PR #17211)
    return {
      ...rest,
      'wsgi.errors': "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>",
    }
  },
}

const CASES: Record<'uwsgi' | 'django', string[]> = {
  uwsgi: [
    'T01',
    'T08',
    'T09',
    'T11',
    'T12',
    'T20',
    'T23',
    'T47',
    'T49',
    'T62',
    'T65',
    'T66',
    'T67',
    'P08',
  ],
  django: [
    'T01',
    'T07',
    'T08',
    'T09',
    'T11',
    'T12',
    'T20',
    'T47',
    'T61',
    'T62',
    'T65',
    'T66',
    'T67',
    'P08',
  ],
}

const mask = (value: string) =>
  value.replace(/0x7f[0-9a-f]+/g, '0x<addr>').replace(/^8000$/, '<port>')

for (const id of ['uwsgi', 'django'] as const) {
  describe(`${id} profile vs Debian's observed answers`, () => {
    const answers = fixture(id)
    test.each(CASES[id])('%s', (caseId) => {
      const sent = SERVER_REQUESTS.find((r) => r.id === caseId)
      const answer = answers[caseId]
      if (!sent || !answer?.echo) throw new Error(`no request or echo for ${caseId}`)
      const bytes = Uint8Array.from(sent.request, (c) => c.charCodeAt(0))
      const request = parseHead(new TextDecoder('latin1').decode(bytes))
      const environ = buildEnviron(request, { ...SERVER, hostname: 'box' }, id as ProfileId)
      const ours: Echo = {}
      for (const [key, value] of Object.entries(environ)) {
        ours[key] = mask(pyStr(value)).replaceAll("'box'", "'<hostname>'")
      }
      if (ours.SERVER_NAME === 'box') ours.SERVER_NAME = '<hostname>'
      const want = MODELLED[id](answer.echo)
      expect(Object.keys(ours)).toEqual(Object.keys(want))
      expect(ours).toEqual(want)
    })
  })
}
