/**
 * @module
 * What CPython prints for the objects the servers built on its standard library share.
 * Python prints object addresses; ours are fixed fakes in the same 0x7f… shape (spec §7.3).
 */

/** `str(sys.stderr)`: wsgiref's and Werkzeug's `wsgi.errors`. */
export const STDERR = "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>"

/** `str(socket.makefile('rb'))`: a buffered reader over the connection; `{fd}` is its descriptor. */
export const BUFFERED_READER = '<_io.BufferedReader name={fd}>'
