// The HTTP front: /graphql (Apollo), /healthz and /metrics (Prometheus) on Node's http module.
// Hand-written routing: three fixed paths do not justify a web framework.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from 'pino';
import type { ApiContext, RequestInfo } from './context.js';

const MAX_BODY_BYTES = 1 << 20;

export interface HttpServerHandle {
  url: string;
  close(): Promise<void>;
}

export async function listenHttp(
  apollo: ApolloServer<ApiContext>,
  makeContext: (request: RequestInfo) => Promise<ApiContext>,
  opts: { host: string; port: number; logger: Logger; healthCheck: () => Promise<void> },
): Promise<HttpServerHandle> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'topolens_http_requests_total', help: 'HTTP requests by path and status', labelNames: ['path', 'status'], registers: [registry] });
  const latency = new Histogram({ name: 'topolens_graphql_duration_seconds', help: 'GraphQL request duration', registers: [registry] });

  await apollo.start();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const done = (status: number, body: string, type = 'application/json') => {
      res.statusCode = status;
      res.setHeader('content-type', type);
      res.end(body);
      requests.inc({ path: url.pathname, status });
    };
    if (url.pathname === '/healthz') {
      opts.healthCheck().then(() => done(200, '{"status":"ok"}'), (err: Error) => done(503, JSON.stringify({ status: 'unavailable', error: err.message })));
      return;
    }
    if (url.pathname === '/metrics') {
      registry.metrics().then((m) => done(200, m, registry.contentType), () => done(500, '{}'));
      return;
    }
    if (url.pathname !== '/graphql') {
      done(404, JSON.stringify({ error: 'not found; GraphQL is at /graphql' }));
      return;
    }
    readBody(req).then(
      async (raw) => {
        const stop = latency.startTimer();
        const headers = new HeaderMap();
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        let body: unknown;
        if (raw.length > 0) {
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch {
            done(400, JSON.stringify({ errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }));
            return;
          }
        }
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
          context: () => makeContext({ authorization: headers.get('authorization') }),
        });
        for (const [k, v] of response.headers) res.setHeader(k, v);
        res.statusCode = response.status ?? 200;
        if (response.body.kind === 'complete') res.end(response.body.string);
        else {
          for await (const chunk of response.body.asyncIterator) res.write(chunk);
          res.end();
        }
        stop();
        requests.inc({ path: '/graphql', status: res.statusCode });
      },
      (err: Error & { status?: number }) => done(err.status ?? 400, JSON.stringify({ errors: [{ message: err.message, extensions: { code: 'BAD_REQUEST' } }] })),
    ).catch((err: unknown) => {
      opts.logger.error({ err }, 'request failed');
      if (!res.headersSent) done(500, JSON.stringify({ errors: [{ message: 'Internal server error' }] }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host}:${port}/graphql`;
  return {
    url,
    close: async () => {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error(`request body over ${MAX_BODY_BYTES} bytes`), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
