import fs from 'fs';
import path from 'path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config';

/**
 * The desk console's build (issue 15; console/, `npm run build:console` into config.consoleDir) at /console/, with
 * a Content-Security-Policy of its own: its scripts are its own files only (Vite emits no inline script; never
 * eval), styles may be inline (antd's CSS-in-JS writes <style> elements and React sets style attributes), images
 * also data: URLs (the sign-in QR is an SVG data URL), and it talks to this origin only.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join(';');

/**
 * Cache-Control of a console file: Vite's content-hashed assets (assets/name-<8 characters>.js|css) for a year,
 * immutable; index.html revalidated on every load, so a release is seen at once.
 */
export function consoleCacheControl(relPath: string): string {
  const p = relPath.replace(/\\/g, '/').replace(/^\/+/, '');
  return /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.(js|css)$/.test(p) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Serves config.consoleDir at /console/ (and /console redirects there), or a line saying how to build it. */
export async function serveConsole(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_req, reply) => {
      reply.header('content-security-policy', CONSOLE_CSP);
    });
    scope.get('/console', async (_req, reply) => reply.redirect('/console/', 301));
    if (fs.existsSync(path.join(config.consoleDir, 'index.html'))) {
      const root = config.consoleDir;
      await scope.register(fastifyStatic, {
        root,
        prefix: '/console/',
        decorateReply: false,
        cacheControl: false,
        etag: true,
        lastModified: true,
        setHeaders: (res, filePath) => res.setHeader('cache-control', consoleCacheControl(path.relative(root, filePath))),
      });
    } else {
      scope.get('/console/', async (_req, reply) =>
        reply.type('text/plain; charset=utf-8').send('console build not found: run `npm run build:console` first.'),
      );
    }
  });
}
