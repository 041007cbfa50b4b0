import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
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
