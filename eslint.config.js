import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Imports that the pure layers (protocol, quiz) must never reach: see docs/architecture.md. */
const uiImports = [
	{ group: ['svelte', 'svelte/*'], message: 'Pure layers must not import Svelte.' },
	{ group: ['$app/*', '@sveltejs/*'], message: 'Pure layers must not import SvelteKit.' },
	{
		group: ['*.svelte', '**/*.svelte.js', '**/*.svelte.ts', '**/*.svelte'],
		message: 'Pure layers must not import UI modules.'
	},
	{
		group: [
			'$lib/components/*',
			'$lib/components',
			'$lib/state/*',
			'$lib/state',
			'**/components/*',
			'**/state/*'
		],
		message: 'Pure layers must not import the UI layers.'
	}
];

export default ts.config(
	{
		ignores: [
			'build/',
			'build-*/',
			'.svelte-kit-*/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'e2e-artifacts/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['src/lib/protocol/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						...uiImports,
						{
							group: [
								'$lib/quiz',
								'$lib/quiz/*',
								'$lib/content',
								'$lib/content/*',
								'../quiz/*',
								'../content/*'
							],
							message: 'protocol/ imports only xstate and its own files.'
						}
					]
				}
			]
		}
	},
	{
		files: ['src/lib/quiz/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						...uiImports,
						{
							group: [
								'$lib/protocol',
								'$lib/protocol/*',
								'../protocol/*',
								'$lib/content',
								'$lib/content/*',
								'../content/*'
							],
							message: 'quiz/ knows nothing about SMTP or content.'
						}
					]
				}
			]
		}
	},
	{
		files: ['src/lib/content/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: uiImports }]
		}
	},
	{
		files: ['src/lib/state/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/components/*', '$lib/components', '**/components/*'],
							message: 'state/ must not import components.'
						}
					]
				}
			]
		}
	}
);
