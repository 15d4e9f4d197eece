/**
 * /metrics (Prometheus text format, from the watcher's own registry), /healthz (the detection loop is
 * turning) and /readyz (every informer has listed once: before that, "no alerts" would mean "not looked").
 * Plain node:http: three read-only endpoints do not need a framework.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthSource {
  /** Why the process is not healthy, or undefined when it is. */
  unhealthy(): string | undefined;
  /** Why it is not ready, or undefined when it is. */
  notReady(): string | undefined;
}

export interface StatusServer {
  /** The bound address, e.g. `127.0.0.1:9090` (the port is the real one when 0 was asked). */
  address: string;
  close(): Promise<void>;
}

/** Serves the three endpoints on `listen` (`host:port`; an empty host binds every address). */
export async function startStatusServer(listen: string, registry: Registry, health: HealthSource, beforeScrape: () => void = () => undefined): Promise<StatusServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const answer = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(405, 'method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      // Gauges measured at scrape time (the age of each informer's last event) are set just before.
      beforeScrape();
      registry.metrics().then(
        (text) => {
          answer(200, text, registry.contentType);
        },
        (err: unknown) => {
          answer(500, `metrics failed: ${err instanceof Error ? err.message : String(err)}\n`);
        },
      );
    } else if (path === '/healthz') {
      const why = health.unhealthy();
      answer(why === undefined ? 200 : 503, why === undefined ? 'ok\n' : `${why}\n`);
    } else if (path === '/readyz') {
      const why = health.notReady();
      answer(why === undefined ? 200 : 503, why === undefined ? 'ok\n' : `${why}\n`);
    } else {
      answer(404, 'not found: try /metrics, /healthz or /readyz\n');
    }
  });
  const at = listen.lastIndexOf(':');
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(listen.slice(at + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host === '' ? undefined : host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    address: bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
