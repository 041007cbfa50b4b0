// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { formatStep, PRESETS, runScenario, serializeScenario } from '$lib/protocol';
import type { SimulatorChange } from '$lib/state/simulator.svelte';
import Simulator from './Simulator.svelte';

/** The engine's transcript lines for a run, without the observer column (the panel's contract). */
function engineLines(id: string) {
	const preset = PRESETS.find((p) => p.id === id);
	if (!preset) throw new Error(`no preset ${id}`);
	const run = runScenario(preset.scenario);
	return {
		preset,
		run,
		lines: run.steps.flatMap((s) => formatStep({ ...s, observer: null }))
	};
}

function transcriptLines() {
	const list = screen.queryByRole('list', { name: 'Lines on the wire' });
	return list
		? within(list)
				.queryAllByRole('listitem')
				.map((li) => li.textContent?.trim())
		: [];
}

function renderPreset(id: string, step?: number) {
	const preset = PRESETS.find((p) => p.id === id)!;
	const query = serializeScenario(preset.scenario);
	return render(Simulator, {
		props: { initialQuery: `${query}${query ? '&' : ''}step=${step ?? 0}` }
	});
}

describe('Simulator', () => {
	afterEach(() => cleanup());

	// Every preset, as in the engine's golden transcripts: step to the end with the Step forward
	// button, then the transcript lists exactly the engine's lines and the banner its headline.
	for (const preset of PRESETS) {
		it(`plays "${preset.title}" to the engine's transcript and outcome`, async () => {
			const { run, lines } = engineLines(preset.id);
			renderPreset(preset.id);
			const forward = screen.getByRole('button', { name: 'Step forward' });
			for (let i = 0; i < run.steps.length; i++) await fireEvent.click(forward);
			expect(forward).toHaveAttribute('aria-disabled', 'true');
			expect(transcriptLines()).toEqual(lines.map((l) => l.trim()));
			const outcome = screen.getByRole('region', { name: 'Outcome' });
			expect(within(outcome).getByRole('heading')).toHaveTextContent(run.outcome.headline);
		});
	}

	it('shows no outcome before the end, and the transcript grows one step at a time', async () => {
		const { run } = engineLines('laptop-587-starttls');
		renderPreset('laptop-587-starttls');
		expect(screen.queryByRole('region', { name: 'Outcome' })).toBeNull();
		expect(transcriptLines()).toEqual([]);
		await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
		expect(transcriptLines()).toEqual(formatStep({ ...run.steps[0], observer: null }));
	});

	it('opens a link at the step it names, with the timeline saying where in words', () => {
		renderPreset('laptop-587-starttls', 6);
		const timeline = screen.getByRole('slider', { name: 'Timeline' });
		expect(timeline).toHaveValue('6');
		expect(timeline).toHaveAttribute(
			'aria-valuetext',
			'Step 6 of 27: Submission server replied 220 2.0.0 Ready to start TLS'
		);
	});

	it('announces each step in words in a polite live region', async () => {
		renderPreset('laptop-587-starttls', 5);
		await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
		const live = document.querySelector('[aria-live="polite"][aria-atomic="true"]');
		expect(live).toHaveTextContent(
			'Step 6 of 27: Submission server replied 220 2.0.0 Ready to start TLS.'
		);
	});

	it('counts the further lines of a step in good English: 1 more line, 2 more lines', () => {
		const twoLines = PRESETS.flatMap((p) =>
			runScenario(p.scenario)
				.steps.filter((s) => s.kind !== 'message' && s.text.split('\n').length === 2)
				.map((s) => ({ id: p.id, index: s.index }))
		)[0];
		expect(twoLines).toBeDefined();
		renderPreset(twoLines.id, twoLines.index + 1);
		const live = document.querySelector('[aria-live="polite"][aria-atomic="true"]');
		expect(live).toHaveTextContent('(and 1 more line)');
		expect(live?.textContent).not.toContain('1 more lines');
	});

	it('steps back and forward to the same transcript', async () => {
		renderPreset('implicit-tls-465', 10);
		const before = transcriptLines();
		await fireEvent.click(screen.getByRole('button', { name: 'Step back' }));
		expect(transcriptLines().length).toBeLessThan(before.length);
		await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
		expect(transcriptLines()).toEqual(before);
	});

	// The transcript renders in runs of steps (TranscriptChunk); the highlight follows the step
	// shown across a run's edge, and only that step's lines carry it.
	it('highlights the lines of the step shown, and only those, on either side of a run of steps', async () => {
		const { run } = engineLines('whole-journey');
		renderPreset('whole-journey', 8);
		const list = screen.getByRole('list', { name: 'Lines on the wire' });
		const highlighted = () =>
			within(list)
				.getAllByRole('listitem')
				.filter((li) => li.classList.contains('current'))
				.map((li) => li.textContent?.trim());
		const linesOf = (i: number) => formatStep({ ...run.steps[i], observer: null });
		expect(highlighted()).toEqual(linesOf(7));
		await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
		expect(highlighted()).toEqual(linesOf(8));
		await fireEvent.click(screen.getByRole('button', { name: 'Step back' }));
		await fireEvent.click(screen.getByRole('button', { name: 'Step back' }));
		expect(highlighted()).toEqual(linesOf(6));
		expect(transcriptLines()).toEqual(run.steps.slice(0, 7).flatMap((_, i) => linesOf(i)));
	});

	it('answers the arrow keys, Home and End inside the simulator, but not in a form field', async () => {
		const { run } = engineLines('laptop-587-starttls');
		renderPreset('laptop-587-starttls');
		const diagram = screen.getByRole('region', { name: /Sequence diagram/ });
		const timeline = screen.getByRole('slider', { name: 'Timeline' });
		await fireEvent.keyDown(diagram, { key: 'ArrowRight' });
		await fireEvent.keyDown(diagram, { key: 'ArrowRight' });
		expect(timeline).toHaveValue('2');
		await fireEvent.keyDown(diagram, { key: 'ArrowLeft' });
		expect(timeline).toHaveValue('1');
		await fireEvent.keyDown(diagram, { key: 'End' });
		expect(timeline).toHaveValue(String(run.steps.length));
		await fireEvent.keyDown(diagram, { key: 'Home' });
		expect(timeline).toHaveValue('0');
		// In the speed select, arrows belong to the select.
		await fireEvent.keyDown(screen.getByRole('combobox', { name: 'Speed' }), { key: 'ArrowRight' });
		expect(timeline).toHaveValue('0');
		// Space toggles play on the diagram, but presses a focused button as usual.
		await fireEvent.keyDown(diagram, { key: ' ' });
		expect(screen.getByRole('button', { name: 'Pause' })).toBeInTheDocument();
		await fireEvent.keyDown(screen.getByRole('button', { name: 'Pause' }), { key: ' ' });
		expect(screen.getByRole('button', { name: 'Pause' })).toBeInTheDocument();
	});

	it('keeps keyboard focus inside when a button runs out of steps or the notice is dismissed', async () => {
		const { run } = engineLines('implicit-tls-465');
		renderPreset('implicit-tls-465', run.steps.length - 1);
		const forward = screen.getByRole('button', { name: 'Step forward' });
		forward.focus();
		await fireEvent.click(forward);
		expect(forward).toHaveAttribute('aria-disabled', 'true');
		expect(document.activeElement).toBe(forward);
		// Pressing it again does nothing, and the arrow keys still work from it.
		const timeline = screen.getByRole('slider', { name: 'Timeline' });
		const last = (timeline as HTMLInputElement).value;
		await fireEvent.click(forward);
		expect(timeline).toHaveValue(last);
		await fireEvent.keyDown(forward, { key: 'ArrowLeft' });
		expect(forward).toHaveAttribute('aria-disabled', 'false');
		expect(timeline).not.toHaveValue(last);
		cleanup();

		render(Simulator, { props: { initialQuery: 'phase=teleport&step=banana' } });
		const dismiss = screen.getByRole('button', { name: 'Dismiss this notice' });
		dismiss.focus();
		await fireEvent.click(dismiss);
		expect(screen.queryByRole('button', { name: 'Dismiss this notice' })).toBeNull();
		expect(screen.getByRole('region', { name: 'Simulator' })).toContainElement(
			document.activeElement as HTMLElement
		);
	});

	it('opens a broken link as the nearest valid scenario and names what it ignored', () => {
		render(Simulator, { props: { initialQuery: 'port=999&colour=blue&step=abc' } });
		const notice = screen.getByRole('region', { name: 'Part of this link could not be used' });
		expect(notice).toHaveTextContent('port');
		expect(notice).toHaveTextContent('colour');
		expect(notice).toHaveTextContent('step');
		expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled();
		expect(screen.getByRole('slider', { name: 'Timeline' })).toHaveValue('0');
	});

	it('shows what the eavesdropper captured, including decoded AUTH PLAIN credentials', async () => {
		const { run } = engineLines('auth-plain-in-clear-587');
		renderPreset('auth-plain-in-clear-587', run.steps.length);
		const observer = screen.getByRole('region', { name: /captured/ });
		const decoded = run.steps.find((s) => s.decoded)?.decoded;
		expect(decoded).toBeTruthy();
		expect(observer).toHaveTextContent(decoded!);
	});

	it('marks what an attacker who holds the TLS keys read as decrypted, never as unreadable', () => {
		const { run } = engineLines('fake-cert-not-validated');
		renderPreset('fake-cert-not-validated', run.steps.length);
		const observer = screen.getByRole('region', { name: /captured/ });
		const captures = within(observer).getAllByRole('listitem');
		const auth = captures.find((li) => li.textContent?.includes('AUTH PLAIN'));
		expect(auth).toHaveTextContent('[TLS] decrypted by the attacker');
		// A capture tagged unreadable shows only that encrypted records passed.
		for (const li of captures.filter((c) => c.textContent?.includes('[TLS] unreadable')))
			expect(li).toHaveTextContent(/TLS application data, \d+ bytes/);
		expect(captures.filter((c) => c.textContent?.includes('[TLS] unreadable'))).toHaveLength(5);
	});

	it('lists the TLS handshake messages with one sentence each', () => {
		renderPreset('implicit-tls-465', 3);
		const { run } = engineLines('implicit-tls-465');
		const tls = run.steps.filter((s) => s.layer === 'TLS');
		const list = screen.getByText(/TLS handshake, message by message/).closest('details')!;
		for (const s of tls) expect(list).toHaveTextContent(s.explanation);
		expect(list).toHaveTextContent('ClientHello');
		expect(list).toHaveTextContent('CertificateVerify');
		// Who sends each one: the two Finished messages go opposite ways.
		const finished = within(list)
			.getAllByRole('listitem')
			.filter((li) => li.textContent?.includes('Finished'));
		expect(finished.map((li) => li.querySelector('.who')?.textContent)).toEqual([
			'Submission server → Mail program',
			'Mail program → Submission server'
		]);
	});

	it('picks a preset by its plain name and starts it from the beginning', async () => {
		renderPreset('laptop-587-starttls', 4);
		const picker = screen.getByRole('combobox', { name: 'Ready-made scenario' });
		await fireEvent.change(picker, { target: { value: 'isp-blocks-port-25' } });
		expect(screen.getByRole('slider', { name: 'Timeline' })).toHaveValue('0');
		expect(screen.getByRole('slider', { name: 'Timeline' })).toHaveAttribute('max', '2');
	});

	it('reports the link of the scenario and step to its owner', async () => {
		const seen: string[] = [];
		render(Simulator, {
			props: {
				initialQuery: 'port=465&tls=implicit',
				onstatechange: (c: SimulatorChange) => seen.push(c.query)
			}
		});
		await fireEvent.click(screen.getByRole('button', { name: 'Step forward' }));
		expect(seen.at(-1)).toBe('port=465&tls=implicit&step=1');
	});

	it('lets the form change the scenario, and the engine repairs what cannot be', async () => {
		renderPreset('laptop-587-starttls', 3);
		const picker = screen.getByRole('combobox', { name: 'Ready-made scenario' });
		await fireEvent.click(screen.getByRole('radio', { name: /^465/ }));
		// STARTTLS towards 465 is itself a preset: the wrong TLS mode for the port.
		expect(picker).toHaveValue('wrong-tls-mode-465');
		expect(screen.getByRole('slider', { name: 'Timeline' })).toHaveValue('0');
		await fireEvent.change(screen.getByRole('combobox', { name: 'Security setting' }), {
			target: { value: 'implicit' }
		});
		expect(picker).toHaveValue('implicit-tls-465');
		// An MX must not require TLS (RFC 3207 §4): the engine turns it off and the form says so.
		await fireEvent.change(screen.getByRole('combobox', { name: 'Which server' }), {
			target: { value: 'mx' }
		});
		await fireEvent.click(
			screen.getByRole('checkbox', { name: 'Requires TLS before any mail command' })
		);
		expect(
			screen.getByRole('checkbox', { name: 'Requires TLS before any mail command' })
		).not.toBeChecked();
		expect(screen.getByText(/RFC 3207 §4/)).toBeInTheDocument();
	});

	it('runs two simulators on one page (a lesson with two examples) independently', async () => {
		render(Simulator, { props: { initialQuery: 'step=0', embedded: true } });
		render(Simulator, { props: { initialQuery: 'port=465&tls=implicit&step=0', embedded: true } });
		const [first, second] = screen.getAllByRole('region', { name: 'Simulator' });
		await fireEvent.click(within(first).getByRole('button', { name: 'Step forward' }));
		expect(within(first).getByRole('slider', { name: 'Timeline' })).toHaveValue('1');
		expect(within(second).getByRole('slider', { name: 'Timeline' })).toHaveValue('0');
		const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
		expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
		// Embedded: no scenario form and no share link.
		expect(within(first).queryByRole('button', { name: 'Copy link' })).toBeNull();
		expect(within(first).queryByRole('combobox', { name: 'Ready-made scenario' })).toBeNull();
	});
});
