// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { PRESETS, realCommands } from '$lib/protocol';
import TryItForReal from './TryItForReal.svelte';

const preset = (id: string) => {
	const p = PRESETS.find((x) => x.id === id);
	if (!p) throw new Error(`no preset ${id}`);
	return p;
};

describe('TryItForReal', () => {
	afterEach(() => {
		cleanup();
		vi.unstubAllGlobals();
	});

	it('lists each command exactly as the engine builds it, so selecting one copies it whole', () => {
		const { scenario } = preset('wrong-tls-mode-465');
		render(TryItForReal, { props: { scenario } });
		const shown = within(screen.getByRole('list'))
			.getAllByRole('listitem')
			.map((li) => ({
				what: li.querySelector('.what')?.textContent,
				command: li.querySelector('code')?.textContent
			}));
		expect(shown).toEqual(
			realCommands(scenario).map((c) => ({ what: c.what, command: c.command }))
		);
		expect(shown[0].what).toMatch(/^Reproduces this scenario’s mistake/);
	});

	it('copies a command with its button and says so, or says how to copy when the browser refuses', async () => {
		const { scenario } = preset('implicit-tls-465');
		const writeText = vi.fn().mockResolvedValue(undefined);
		vi.stubGlobal('navigator', { clipboard: { writeText } });
		render(TryItForReal, { props: { scenario } });
		const [first] = realCommands(scenario);
		await fireEvent.click(screen.getByRole('button', { name: 'Copy openssl command' }));
		expect(writeText).toHaveBeenCalledWith(first.command);
		expect(await screen.findByRole('status')).toHaveTextContent(`Copied: ${first.command}`);

		writeText.mockRejectedValue(new Error('denied'));
		await fireEvent.click(screen.getByRole('button', { name: 'Copy swaks command' }));
		await vi.waitFor(() =>
			expect(screen.getByRole('status')).toHaveTextContent(/select the command and copy it/)
		);
	});
});
