/**
 * The layer rule of docs/architecture.md is enforced by ESLint; this proves the rule bites, so a
 * config change cannot silently switch it off. It lints source text as if it lived in each layer.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string) {
	const [result] = await eslint.lintText(code, { filePath });
	return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('layer boundaries', () => {
	const ui = [
		"import { mount } from 'svelte';",
		"import { writable } from 'svelte/store';",
		"import { page } from '$app/state';",
		"import Thing from '$lib/components/ThemeToggle.svelte';",
		"import { ThemeSetting } from '$lib/state/theme.svelte';"
	];

	for (const line of ui) {
		it(`fails lint when src/lib/protocol does: ${line}`, async () => {
			expect(
				await restrictedImports('src/lib/protocol/index.ts', `${line}\nexport {};\n`)
			).toBeGreaterThan(0);
		});
		it(`fails lint when src/lib/quiz does: ${line}`, async () => {
			expect(
				await restrictedImports('src/lib/quiz/index.ts', `${line}\nexport {};\n`)
			).toBeGreaterThan(0);
		});
	}

	it('fails lint when the quiz engine imports the protocol engine', async () => {
		expect(
			await restrictedImports(
				'src/lib/quiz/index.ts',
				"import { PORTS } from '$lib/protocol';\nexport {};\n"
			)
		).toBe(1);
	});

	it('lets the protocol engine import xstate and its own files', async () => {
		expect(
			await restrictedImports(
				'src/lib/protocol/index.ts',
				"import { setup } from 'xstate';\nimport { PORTS } from './ports';\nexport { setup, PORTS };\n"
			)
		).toBe(0);
	});
});
