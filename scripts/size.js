#!/usr/bin/env node
/**
 * Size report and budget gate for the static build.
 *
 * For each prerendered HTML page in build/, it collects the JavaScript the page loads (modulepreload
 * links, script tags and the import() calls of SvelteKit's inline bootstrap, then every static import
 * of those files, transitively; dynamic imports of other routes are not counted) and the CSS it links,
 * gzips each file once, prints a table and exits 1 when any page is over its budget in
 * size-budget.json. A page without a budget fails too, so a new page cannot slip past unmeasured.
 * It also fails when one of a page's scripts does not start with Chromium's compile hint
 * (`//# allFunctionsCalledOnLoad`, added by the plugin in vite.config.ts), so that a build change
 * cannot drop it unnoticed.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
const root = resolve(process.argv[2] ?? process.env.SPL_BUILD_DIR ?? 'build');
const budgetFile = resolve('size-budget.json');

if (!existsSync(root)) {
	console.error(`size: no ${relative(process.cwd(), root)}/ folder. Run "npm run build" first.`);
	process.exit(2);
}

/** @type {{ pages: Record<string, { jsKB: number; cssKB: number }> }} */
const budget = JSON.parse(readFileSync(budgetFile, 'utf8'));

function htmlFiles(dir) {
	/** @type {string[]} */
	const out = [];
	for (const name of readdirSync(dir)) {
		const full = join(dir, name);
		if (name === '_app') continue;
		if (statSync(full).isDirectory()) out.push(...htmlFiles(full));
		else if (name.endsWith('.html')) out.push(full);
	}
	return out;
}

/** The page's URL path, e.g. build/simulate/index.html -> /simulate/ */
function routeOf(file) {
	const rel = '/' + relative(root, file).split('\\').join('/');
	return rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
}

const gzCache = new Map();
function gz(file) {
	if (!gzCache.has(file)) gzCache.set(file, gzipSync(readFileSync(file), { level: 9 }).length);
	return gzCache.get(file);
}

const STATIC_IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;

function jsClosure(entries) {
	const seen = new Set();
	const stack = [...entries];
	while (stack.length) {
		const file = stack.pop();
		if (seen.has(file) || !existsSync(file)) continue;
		seen.add(file);
		const src = readFileSync(file, 'utf8');
		for (const m of src.matchAll(STATIC_IMPORT)) {
			if (m[1].startsWith('.')) stack.push(resolve(dirname(file), m[1]));
		}
	}
	return seen;
}

const rows = [];
let failed = false;
for (const file of htmlFiles(root).sort()) {
	const html = readFileSync(file, 'utf8');
	const base = dirname(file);
	const refs = (re) =>
		[...html.matchAll(re)]
			.map((m) => m[1])
			.filter((u) => !/^[a-z]+:/i.test(u) && !u.startsWith('//'));
	const toPath = (u) => (u.startsWith('/') ? join(root, u) : resolve(base, u));
	const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => ({
		rel: /\brel="([^"]+)"/.exec(m[0])?.[1] ?? '',
		href: /\bhref="([^"]+)"/.exec(m[0])?.[1] ?? ''
	}));
	const linked = (rel) =>
		links
			.filter(
				(l) => l.rel === rel && l.href && !/^[a-z]+:/i.test(l.href) && !l.href.startsWith('//')
			)
			.map((l) => l.href);
	const jsEntries = [
		...linked('modulepreload'),
		...refs(/<script[^>]+src="([^"]+)"/g),
		...refs(/import\(\s*["']([^"']+\.js)["']\s*\)/g)
	].map(toPath);
	const css = new Set(linked('stylesheet').map(toPath));
	const js = jsClosure(jsEntries);
	const jsBytes = [...js].reduce((n, f) => n + gz(f), 0);
	const cssBytes = [...css].filter(existsSync).reduce((n, f) => n + gz(f), 0);
	const route = routeOf(file);
	const limit = budget.pages[route];
	const unhinted = [...js].filter(
		(f) => existsSync(f) && !readFileSync(f, 'utf8').startsWith(COMPILE_HINT)
	);
	let status = 'ok';
	if (unhinted.length > 0) {
		status = `NO COMPILE HINT in ${unhinted.map((f) => relative(root, f)).join(', ')}`;
		failed = true;
	} else if (!limit) {
		status = 'NO BUDGET';
		failed = true;
	} else if (jsBytes > limit.jsKB * 1024 || cssBytes > limit.cssKB * 1024) {
		status = 'OVER BUDGET';
		failed = true;
	}
	rows.push({ route, js, jsBytes, cssBytes, limit, status });
}

const kb = (n) => (n / 1024).toFixed(1).padStart(6) + ' KB';
console.log(
	'page'.padEnd(22) +
		'JS gzip'.padStart(10) +
		'  budget' +
		'CSS gzip'.padStart(12) +
		'  budget  files  status'
);
for (const r of rows) {
	console.log(
		r.route.padEnd(22) +
			kb(r.jsBytes).padStart(10) +
			(r.limit ? kb(r.limit.jsKB * 1024) : '      -').padStart(8) +
			kb(r.cssBytes).padStart(12) +
			(r.limit ? kb(r.limit.cssKB * 1024) : '      -').padStart(8) +
			String(r.js.size).padStart(7) +
			'  ' +
			r.status
	);
}
if (rows.length === 0) {
	console.error('size: no HTML pages found in the build.');
	process.exit(1);
}
if (failed) {
	console.error(
		'size: at least one page is over its budget, has none (see size-budget.json) or loads a script without the compile hint.'
	);
	process.exit(1);
}
