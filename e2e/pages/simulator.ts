/**
 * Page object for /simulate/: finds the simulator's parts by role and name, as a learner (or a
 * screen reader) would, and drives it with the keyboard or the mouse.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class SimulatorPage {
	readonly page: Page;
	readonly root: Locator;
	readonly preset: Locator;
	readonly play: Locator;
	readonly forward: Locator;
	readonly back: Locator;
	readonly timeline: Locator;
	readonly diagram: Locator;
	readonly transcript: Locator;
	readonly outcome: Locator;
	readonly notice: Locator;
	readonly announcer: Locator;
	readonly reduceMotion: Locator;

	constructor(page: Page) {
		this.page = page;
		this.root = page.getByRole('region', { name: 'Simulator' });
		this.preset = this.root.getByRole('combobox', { name: 'Ready-made scenario' });
		this.play = this.root.getByRole('button', { name: /^(Play|Pause|Play again)$/ });
		this.forward = this.root.getByRole('button', { name: 'Step forward' });
		this.back = this.root.getByRole('button', { name: 'Step back' });
		this.timeline = this.root.getByRole('slider', { name: 'Timeline' });
		this.diagram = this.root.getByRole('region', { name: /Sequence diagram/ });
		this.transcript = this.root.getByRole('list', { name: 'Lines on the wire' });
		this.outcome = this.root.getByRole('region', { name: 'Outcome' });
		this.notice = this.root.getByRole('region', { name: 'Part of this link could not be used' });
		this.announcer = this.root.locator('[aria-live="polite"][aria-atomic="true"]');
		this.reduceMotion = this.root.getByRole('checkbox', { name: /Reduce motion/ });
	}

	async transcriptLines(): Promise<string[]> {
		if ((await this.transcript.count()) === 0) return [];
		return (await this.transcript.getByRole('listitem').allTextContents()).map((t) => t.trim());
	}

	async position(): Promise<number> {
		return Number(await this.timeline.inputValue());
	}

	/** Moves keyboard focus into the simulator with Tab alone, landing on the diagram. */
	async tabToDiagram() {
		for (let i = 0; i < 60; i++) {
			await this.page.keyboard.press('Tab');
			if (await this.diagram.evaluate((el) => el === document.activeElement)) return;
		}
		throw new Error('Tab never reached the sequence diagram');
	}

	/** Chooses a preset with the keyboard: focus the picker and select by value. */
	async choosePreset(id: string) {
		await this.preset.focus();
		await this.preset.selectOption(id);
		await expect(this.timeline).toHaveValue('0');
	}
}
