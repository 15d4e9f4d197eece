/**
 * An HTTP receiver on 127.0.0.1 for sink tests: records every request (method, path, headers, parsed JSON body) and
 * answers from a script (status, headers), or closes its port to play a receiver that is down.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this long (a receiver slower than the sink's timeout). */
  delayMs?: number;
}

export interface CaptureServer {
  url: string;
  port: number;
  requests: CapturedRequest[];
  /** Answers used in order, one per request; when empty, 200. */
  answers: ScriptedAnswer[];
  close(): Promise<void>;
}

export async function startCaptureServer(port = 0): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const answers: ScriptedAnswer[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) });
      const answer = answers.shift() ?? { status: 200 };
      const reply = (): void => {
        if (res.destroyed) return;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? 'ok');
      };
      if (answer.delayMs !== undefined) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    answers,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error !== undefined) reject(error);
          else resolve();
        });
      }),
  };
}
