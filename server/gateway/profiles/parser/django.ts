/**
 * @module
 * Django's `runserver`: its WSGIRequestHandler subclasses wsgiref's, so the parser is
 * CPython's http.server and the environ wsgiref's (django/core/servers/basehttp.py).
 * Wired to the django profile once it is on main.
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'
import { WSGIREF_PARSER } from './wsgiref.ts'

export const DJANGO_PARSER: ParserVerdicts = WSGIREF_PARSER
