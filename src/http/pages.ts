// How the server answers for the web app's pages: the SPA's index.html for every address the
// portal has (web/src/router/routes.ts), with the key figures rendered into it at `/` and on the
// project, consignment and distribution-point pages (html-records.ts, which also answers 404 for an
// unknown id and 400 for a malformed query), and a 404 with the not-found page for any other address.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyTypeProvider,
  RawServerDefault,
} from 'fastify';
import { getOverview } from '../services/overview.js';
import { fillTemplate, loadCatalogues, pickHtmlLanguage, renderKeyFigures } from './html-figures.js';
import { renderNotFound, renderRecordPage } from './html-records.js';

/** The portal's addresses; keep in step with web/src/router/routes.ts (a browser test compares them). */
export const PAGE_PATTERNS: readonly RegExp[] = [
  /^\/$/,
  /^\/explorer$/,
  /^\/explorer\/\d{1,12}$/,
  /^\/decisions$/,
  /^\/decisions\/[a-z0-9][a-z0-9._-]{0,127}$/,
  /^\/orgs$/,
  /^\/orgs\/[a-z0-9][a-z0-9._-]{0,127}$/,
  /^\/donors\/[a-z0-9][a-z0-9._-]{0,127}$/,
  /^\/map$/,
  /^\/data$/,
  /^\/projects$/,
  /^\/projects\/[a-z0-9][a-z0-9._-]{0,127}$/,
  /^\/consignments$/,
  /^\/consignments\/[a-z0-9][a-z0-9._-]{0,127}$/,
  /^\/distribution-points$/,
];

export function isPagePath(path: string): boolean {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return PAGE_PATTERNS.some((pattern) => pattern.test(trimmed));
}

export interface WebPages {
  /** Answers a GET for a page outside /api and /log: 200 for the portal's addresses, 404 otherwise. */
  send(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
}

/**
 * Registers `GET /` (the dashboard with its key figures as HTML) and returns the handler for the
 * other addresses, which app.ts calls from its not-found handler.
 */
export function registerWebPages<L extends FastifyBaseLogger, P extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L, P>,
  webRoot: string,
  localesDir: string,
): WebPages {
  // index.html is read again when a new build replaces it (its asset names change with every build).
  const templatePath = join(webRoot, 'index.html');
  let cached = { mtimeMs: -1, text: '' };
  const template = (): string => {
    const { mtimeMs } = statSync(templatePath);
    if (mtimeMs !== cached.mtimeMs) cached = { mtimeMs, text: readFileSync(templatePath, 'utf8') };
    return cached.text;
  };
  const catalogues = loadCatalogues(localesDir);

  // The page depends on the reader's language (and is compressed by compression.ts).
  const sendHtml = (_req: FastifyRequest, reply: FastifyReply, status: number, body: string): FastifyReply =>
    reply
      .status(status)
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-language')
      .type('text/html; charset=utf-8')
      .send(body);

  app.get('/', { schema: { hide: true } }, async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const language = pickHtmlLanguage(
      typeof query.lang === 'string' ? query.lang : undefined,
      req.headers['accept-language'],
    );
    const overview = await getOverview(app.amanah.store, app.amanah.clock);
    return sendHtml(
      req,
      reply,
      200,
      fillTemplate(template(), language, renderKeyFigures(overview, language, catalogues[language])),
    );
  });

  return {
    async send(req, reply) {
      const path = req.url.split('?')[0] ?? '';
      const query = new URLSearchParams(req.url.split('?')[1] ?? '');
      const language = pickHtmlLanguage(query.get('lang') ?? undefined, req.headers['accept-language']);
      if (!isPagePath(path)) {
        // The not-found page in the reader's language, readable without JavaScript too.
        const html = renderNotFound(path, query, language, catalogues[language], 'page');
        return sendHtml(req, reply, 404, fillTemplate(template(), language, html));
      }
      // The record pages' key figures (and their 404 and 400) come from the server; the others are
      // the web app's alone.
      const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
      const page = await renderRecordPage(app.amanah.store, trimmed, query, language, catalogues[language]);
      return sendHtml(req, reply, page?.status ?? 200, fillTemplate(template(), language, page?.html ?? ''));
    },
  };
}
