import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Chromium's per-file explicit compile hints (on by default since Chrome 136; to other engines it
 * is a comment): `//# allFunctionsCalledOnLoad` at the top of a script makes V8 compile all its
 * functions while the script streams, on a background thread, instead of lazily on the main thread
 * the first time each one runs. A chunk is loaded only by the pages that run it, so every client
 * chunk gets it. Measured on /simulate/ at 4× CPU slowdown: lazy compilation on the main thread
 * during load went from 395–471 ms to 87–170 ms, and the first steps of an autoplay compile less
 * of their code in their own frames (npm run bench:ui; docs/architecture.md).
 */
function compileHints(): Plugin {
	return {
		name: 'spl-compile-hints',
		apply: 'build',
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		// Last: after minification, which drops comments, and after Vite puts its preload helper at
		// the top of the entry. The files keep their names (hashed before).
		generateBundle: {
			order: 'post',
			handler(_options, bundle) {
				for (const file of Object.values(bundle))
					if (file.type === 'chunk') file.code = `//# allFunctionsCalledOnLoad\n${file.code}`;
			}
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), compileHints()],
	test: {
		setupFiles: ['./tests/setup.ts'],
		testTimeout: 20000,
		projects: [
			{
				// Pure TypeScript: protocol, quiz, content and the Node-side tests (interop, CLI).
				extends: true,
				test: {
					name: 'node',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts']
				}
			},
			{
				// Rune modules and components, mounted in jsdom with Svelte's browser build.
				extends: true,
				resolve: { conditions: ['browser'] },
				test: {
					name: 'dom',
					environment: 'jsdom',
					include: ['src/**/*.svelte.spec.ts']
				}
			}
		]
	}
});
