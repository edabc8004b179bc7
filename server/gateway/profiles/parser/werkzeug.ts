/**
 * @module
 * Werkzeug's development server: http.server's verdicts, plus what `make_environ` does with
 * the headers (Werkzeug 3.1 `src/werkzeug/serving.py`).
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'
import { HTTP_SERVER_VERDICTS } from './http-server.ts'

export const WERKZEUG_PARSER: ParserVerdicts = {
  ...HTTP_SERVER_VERDICTS,
  'obs-fold': {
    kind: 'accepts',
    does: "the CRLFs are removed and the pieces kept: 'a  b\\tc'",
    source: 'src/werkzeug/serving.py:203-206 (value.replace("\\r\\n", ""))',
  },
  'content-length-and-transfer-encoding': {
    kind: 'accepts',
    does: 'the chunked body is decoded (DechunkedInput) and CONTENT_LENGTH is kept as sent',
    source: 'src/werkzeug/serving.py:225-227',
  },
  'two-content-lengths-equal': {
    kind: 'accepts',
    does: 'CONTENT_LENGTH is the last value (each header line overwrites the key)',
    source: 'src/werkzeug/serving.py:196-210',
  },
  'two-content-lengths-different': {
    kind: 'accepts',
    does: 'CONTENT_LENGTH is the last value (each header line overwrites the key)',
    source: 'src/werkzeug/serving.py:196-210',
  },
}
