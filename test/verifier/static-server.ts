import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/** A static file server over a mirror directory that fails the first `failures` requests of each path. */
export async function serveMirror(
  dir: string,
  options: { failures?: number } = {},
): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  const seen = new Map<string, number>();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const path = normalize(decodeURIComponent(new URL(req.url!, 'http://x').pathname)).replace(/^\/+/, '');
    const n = (seen.get(path) ?? 0) + 1;
    seen.set(path, n);
    if (n <= (options.failures ?? 0)) {
      res.writeHead(n % 2 ? 503 : 502, { 'retry-after': '0' }).end('try again');
      return;
    }
    readFile(join(dir, path)).then(
      (data) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(data),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
