/**
 * @module
 * uwsgi profile vs Debian's uWSGI 2.0.21 (--http-socket), tests/corpus/servers/uwsgi.json.
 */
import { EVERY_ECHO, type ProfileDifferences } from './types.ts'

const differences: ProfileDifferences = {
  fixture: 'uwsgi',
  differences: [
    {
      cases: EVERY_ECHO,
      key: 'uwsgi.version',
      ours: "b'2.0.30'",
      debian: "b'2.0.21-debian'",
      why: "We model uWSGI 2.0.30 (uwsgi.version is UWSGI_VERSION as bytes); Debian 12 ships 2.0.21 built with the '-debian' suffix.",
    },
    {
      cases: ['T03'],
      key: 'REQUEST_URI',
      ours: '/nine',
      debian: null,
      why: "Not modelled yet: for an HTTP/0.9 line (`GET /nine`) uWSGI's request-line scan never meets a space, so it sets no PATH_INFO, REQUEST_URI, QUERY_STRING or SERVER_PROTOCOL (notes: uwsgi.md, T03); the profile builds them as for HTTP/1.0.",
    },
    {
      cases: ['T03'],
      key: 'PATH_INFO',
      ours: '/nine',
      debian: null,
      why: "Not modelled yet: for an HTTP/0.9 line (`GET /nine`) uWSGI's request-line scan never meets a space, so it sets no PATH_INFO, REQUEST_URI, QUERY_STRING or SERVER_PROTOCOL (notes: uwsgi.md, T03); the profile builds them as for HTTP/1.0.",
    },
    {
      cases: ['T03'],
      key: 'QUERY_STRING',
      ours: '',
      debian: null,
      why: "Not modelled yet: for an HTTP/0.9 line (`GET /nine`) uWSGI's request-line scan never meets a space, so it sets no PATH_INFO, REQUEST_URI, QUERY_STRING or SERVER_PROTOCOL (notes: uwsgi.md, T03); the profile builds them as for HTTP/1.0.",
    },
    {
      cases: ['T03'],
      key: 'SERVER_PROTOCOL',
      ours: 'HTTP/0.9',
      debian: null,
      why: "Not modelled yet: for an HTTP/0.9 line (`GET /nine`) uWSGI's request-line scan never meets a space, so it sets no PATH_INFO, REQUEST_URI, QUERY_STRING or SERVER_PROTOCOL (notes: uwsgi.md, T03); the profile builds them as for HTTP/1.0.",
    },
    {
      cases: ['T44'],
      key: 'REQUEST_METHOD',
      ours: 'GET',
      debian: '\r\nGET',
      why: "Node's llhttp skips an empty line before the request line (RFC 9112 §2.2) before the gateway sees it; uWSGI's request-line scan keeps the CRLF in the method. Not a profile choice.",
    },
    {
      cases: ['T53'],
      key: 'CONTENT_LENGTH',
      ours: '3',
      debian: '3 ',
      why: "Node's llhttp strips trailing whitespace from field values before any profile runs; uWSGI's http parser keeps it. Not a profile choice.",
    },
    {
      cases: ['T73'],
      key: 'HTTP_X_WS',
      ours: 'a  b',
      debian: '\t  a  b \t ',
      why: "Node's llhttp strips leading and trailing whitespace from field values before any profile runs; uWSGI's http parser (plugins/http, --http-socket) keeps the value's bytes after the colon's first space. Not a profile choice.",
    },
    {
      cases: ['T84', 'T85', 'T86', 'XF', 'P07', 'P16'],
      key: 'wsgi.url_scheme',
      ours: 'http',
      debian: 'https',
      why: "uWSGI takes wsgi.url_scheme from any client's X-Forwarded-Proto, unchecked (plugins/python/wsgi_subhandler.c:213-227); we trust no peer unless told, so the header stays HTTP_X_FORWARDED_PROTO and the scheme is the connection's.",
    },
    {
      cases: ['T87'],
      key: 'wsgi.url_scheme',
      ours: 'http',
      debian: 'HTTPS',
      why: "uWSGI takes wsgi.url_scheme from any client's X-Forwarded-Proto, unchecked (plugins/python/wsgi_subhandler.c:213-227); we trust no peer unless told, so the header stays HTTP_X_FORWARDED_PROTO and the scheme is the connection's.",
    },
    {
      cases: ['P17'],
      key: 'wsgi.url_scheme',
      ours: 'http',
      debian: 'javascript',
      why: "uWSGI takes wsgi.url_scheme from any client's X-Forwarded-Proto, unchecked (plugins/python/wsgi_subhandler.c:213-227); we trust no peer unless told, so the header stays HTTP_X_FORWARDED_PROTO and the scheme is the connection's.",
    },
  ],
}
export default differences
