import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const buildDir = process.env.SPL_BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// A self-contained static build: every page prerendered, relative asset paths so the
		// folder works from any sub-path, a CDN folder or an LMS package opened from disk.
		adapter: adapter({ pages: buildDir, assets: buildDir, fallback: '404.html', strict: true }),
		// Separate output folders let several builds run side by side (SPL_BUILD_DIR, SPL_KIT_DIR).
		outDir: process.env.SPL_KIT_DIR ?? '.svelte-kit',
		// BASE_PATH only matters for build/404.html, which may be served at any depth (see README).
		paths: { relative: true, base: process.env.BASE_PATH ?? '' },
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
		alias: { $content: 'content' },
		typescript: {
			// Type-check (and lint with type information) the browser tests and scripts too.
			config: (tsconfig) => {
				tsconfig.include.push('../e2e/**/*.ts', '../playwright.config.ts', '../scripts/**/*.ts');
			}
		}
	}
};

export default config;
