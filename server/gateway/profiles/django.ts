/**
 * @module
 * Django 5.x `runserver` (`django.core.servers.basehttp`): wsgiref's server with Django's own
 * WSGIRequestHandler and WSGIServer on top.
 *
 * The environ is wsgiref's (same parser, key order and latin-1 path), except that Django
 * deletes every header whose name contains `_` before the environ is built, wraps the body
 * in its LimitedStream, and serves each request on a thread (`wsgi.multithread` True).
 * Django itself puts DJANGO_SETTINGS_MODULE and TZ (and RUN_MAIN under the autoreloader) into
 * `os.environ`, which wsgiref copies: reproduced only with `--os-environ`, like wsgiref's.
 *
 * @see https://github.com/django/django/blob/main/django/core/servers/basehttp.py
 */

import { STDERR } from './cpython.ts'
import { constantKey, pyObjectKey } from './key-rules.ts'
import { DJANGO_PARSER } from './parser/django.ts'
import type { ServerProfile } from './types.ts'
import { WSGIREF } from './wsgiref.ts'

// wsgiref's parser with Django's own handling of what follows it (its T97 and P05 differ)
const { parser: _wsgirefParser, ...WSGIREF_RULES } = WSGIREF

export const DJANGO: ServerProfile = {
  ...WSGIREF_RULES,
  name: 'django',
  summary: "Django 5.x `runserver` (wsgiref plus Django's handler: drops `_` headers, threaded)",
  // WSGIRequestHandler.get_environ(): "Strip all headers with underscores in the name"
  headers: { ...WSGIREF.headers, underscore: 'drop' },
  reprs: {
    // ServerHandler.__init__: LimitedStream(stdin, content_length)
    input: '<django.core.handlers.wsgi.LimitedStream object at 0x7f0000003010>',
    // Django ≥ 5.0 calls colorama.just_fix_windows_console(): sys.stderr stays as it is (#34768)
    errors: STDERR,
  },
  keys: {
    'wsgi.file_wrapper': pyObjectKey("<class 'wsgiref.util.FileWrapper'>"),
    // runserver's default WSGIServer mixes in socketserver.ThreadingMixIn (--nothreading: False)
    'wsgi.multithread': constantKey(true),
  },
  parser: DJANGO_PARSER,
}
