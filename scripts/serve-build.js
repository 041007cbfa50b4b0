#!/usr/bin/env node
/**
 * A minimal static file server for build/, used by the browser tests so they exercise exactly the
 * files a static host would serve. It also serves the same build under /nested/deploy/ to prove the
 * relative asset paths work from a sub-path. Unknown paths get build/404.html with status 404.
 * Loopback only. Usage: node scripts/serve-build.js [port]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.env.SPL_BUILD_DIR ?? 'build');
const port = Number(process.argv[2] ?? process.env.PORT ?? 4173);
const SUBPATH = '/nested/deploy';
const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.json': 'application/json',
	'.png': 'image/png',
	'.txt': 'text/plain; charset=utf-8',
	'.xml': 'application/xml',
	'.webmanifest': 'application/manifest+json'
};

if (!existsSync(root)) {
	console.error('serve-build: no build/ folder. Run "npm run build" first.');
	process.exit(2);
}

function send(res, status, file) {
	res.writeHead(status, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
	createReadStream(file).pipe(res);
}

createServer((req, res) => {
	let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
	if (path === SUBPATH || path.startsWith(SUBPATH + '/')) path = path.slice(SUBPATH.length) || '/';
	const file = normalize(join(root, path));
	if (!file.startsWith(root)) return send(res, 404, join(root, '404.html'));
	if (existsSync(file) && statSync(file).isDirectory()) {
		if (!path.endsWith('/')) {
			res.writeHead(308, { location: req.url.replace(/(\?|$)/, '/$1') });
			return res.end();
		}
		const index = join(file, 'index.html');
		if (existsSync(index)) return send(res, 200, index);
	} else if (existsSync(file)) return send(res, 200, file);
	if (existsSync(file + '.html')) return send(res, 200, file + '.html');
	return send(res, 404, join(root, '404.html'));
}).listen(port, '127.0.0.1', () => console.log(`serving build/ on http://127.0.0.1:${port}/`));
